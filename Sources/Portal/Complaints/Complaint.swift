import JSON

/// A complete, validated copyright complaint, as both the form and the API submit it.
public struct Complaint: Sendable, Equatable {
    public struct Complainant: Sendable, Equatable {
        public var role: ComplainantRole
        public var name: String
        public var organisation: String?
        public var email: String
        public var country: String
    }

    /// The rightsholder a representative or collecting society acts for.
    public struct Rightsholder: Sendable, Equatable {
        public var name: String
        public var mandate: String
    }

    public struct Work: Sendable, Equatable {
        public var title: String
        public var type: WorkType
        public var identifier: String?
        public var location: String?
        public var rightsReservation: RightsReservation
    }

    public var complainant: Complainant
    public var rightsholder: Rightsholder?
    public var works: [Work]
    public var category: ComplaintCategory
    /// A configured model name, or "unknown".
    public var model: String
    public var description: String
    public var evidenceURLs: [String]
    public var observedOn: LocalDate?

    /// The name of the rights owner this complaint is for: duplicates are judged per rightsholder.
    public var rightsholderName: String {
        rightsholder?.name ?? complainant.organisation ?? complainant.name
    }

    /// The submission in the API's JSON shape, as stored and as shown back to staff.
    public var json: JSONValue {
        var complainantObject: JSONObject = JSONObject([
            ("role", .string(complainant.role.rawValue)), ("name", .string(complainant.name)),
        ])
        if let organisation = complainant.organisation { complainantObject["organisation"] = .string(organisation) }
        complainantObject["email"] = .string(complainant.email)
        complainantObject["country"] = .string(complainant.country)
        var object = JSONObject([("complainant", .object(complainantObject))])
        if let rightsholder {
            object["rightsholder"] = .object(JSONObject([("name", .string(rightsholder.name)), ("mandate", .string(rightsholder.mandate))]))
        }
        object["works"] = .array(works.map { work in
            var w = JSONObject([("title", .string(work.title)), ("type", .string(work.type.rawValue))])
            if let identifier = work.identifier { w["identifier"] = .string(identifier) }
            if let location = work.location { w["location"] = .string(location) }
            w["rights_reservation"] = .string(work.rightsReservation.rawValue)
            return .object(w)
        })
        object["category"] = .string(category.rawValue)
        object["model"] = .string(model)
        object["description"] = .string(description)
        object["evidence_urls"] = .array(evidenceURLs.map { .string($0) })
        if let observedOn { object["observed_on"] = .string(observedOn.description) }
        object["declarations"] = .object(JSONObject([("good_faith", .bool(true)), ("accurate_and_complete", .bool(true))]))
        return .object(object)
    }
}
