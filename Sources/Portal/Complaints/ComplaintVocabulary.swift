/// Who files a complaint (Copyright chapter, Measure 1.5: rightsholders, their authorised
/// representatives, and collective management organisations).
public enum ComplainantRole: String, Sendable, CaseIterable {
    case rightsholder, representative, cmo

    public var label: String {
        switch self {
        case .rightsholder: return "I hold the rights myself"
        case .representative: return "I represent the rightsholder (authorised representative)"
        case .cmo: return "We are a collective management organisation"
        }
    }

    /// Representatives and collecting societies act for someone else and must say for whom.
    public var actsForRightsholder: Bool { self != .rightsholder }
}

/// What a complaint is about, by the Code's copyright measures.
public enum ComplaintCategory: String, Sendable, CaseIterable {
    case copyrightPolicy = "copyright_policy"
    case tpmCircumvention = "tpm_circumvention"
    case piracyDomains = "piracy_domains"
    case robotsTxtIgnored = "robots_txt_ignored"
    case otherReservationIgnored = "other_reservation_ignored"
    case infringingOutput = "infringing_output"
    case acceptableUsePolicy = "acceptable_use_policy"
    case other

    /// The Code measure it refers to.
    public var measure: String {
        switch self {
        case .copyrightPolicy: return "1.1"
        case .tpmCircumvention: return "1.2(a)"
        case .piracyDomains: return "1.2(b)"
        case .robotsTxtIgnored: return "1.3(a)"
        case .otherReservationIgnored: return "1.3(b)"
        case .infringingOutput: return "1.4(a)"
        case .acceptableUsePolicy: return "1.4(b)"
        case .other: return "—"
        }
    }

    public var label: String {
        switch self {
        case .copyrightPolicy: return "The provider has no copyright policy, or does not follow it"
        case .tpmCircumvention: return "Content behind a paywall or other technical protection was collected"
        case .piracyDomains: return "Sites known for persistent copyright infringement were crawled"
        case .robotsTxtIgnored: return "A crawler ignored robots.txt"
        case .otherReservationIgnored: return "Another machine-readable rights reservation was ignored"
        case .infringingOutput: return "The model's output reproduces protected content"
        case .acceptableUsePolicy: return "The acceptable use policy does not prohibit infringing uses"
        case .other: return "Something else"
        }
    }
}

/// The kind of a work.
public enum WorkType: String, Sendable, CaseIterable {
    case text, image, audio, video, software, database, other
}

/// How the rights in a work were reserved against text and data mining.
public enum RightsReservation: String, Sendable, CaseIterable {
    case robotsTxt = "robots_txt"
    case otherProtocol = "other_protocol"
    case terms
    case none

    public var label: String {
        switch self {
        case .robotsTxt: return "robots.txt"
        case .otherProtocol: return "Another machine-readable protocol (for example TDM-Rep or metadata)"
        case .terms: return "Terms and conditions of the website"
        case .none: return "No reservation"
        }
    }
}
