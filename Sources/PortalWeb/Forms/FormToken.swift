import Crypto
import HTTPServer

/// The hidden token every portal form carries: when the form was served, a random nonce, and an
/// HMAC over both with a server secret. It is the form's CSRF protection (a page of ours must
/// have been fetched), its bot check (a person takes a few seconds to fill it in), and its
/// idempotency key (a double click or a reload submits the same token, so the first receipt is
/// shown again instead of filing twice).
struct FormToken: Sendable, Equatable {
    let issuedAt: Int64
    let nonce: String

    /// The shortest time a person takes to fill in the form.
    static let minimumFillSeconds: Int64 = 3
    /// How long a served form stays valid.
    static let lifetimeSeconds: Int64 = 24 * 3600

    enum Problem: Error, Equatable {
        case missingOrForged
        case tooFast
        case expired
    }

    static func issue(now: Int64) -> FormToken {
        FormToken(issuedAt: now, nonce: SecureRandom.token(bits: 128))
    }

    /// A token for the forms of one case's status page (reply, withdraw): it names the case, so
    /// those forms need not carry the status code the person typed — it is never echoed into a page.
    static func issue(now: Int64, caseID: Int64) -> FormToken {
        FormToken(issuedAt: now, nonce: "case\(caseID)-" + SecureRandom.token(bits: 128))
    }

    /// The case a status page's token was issued for; nil for any other form's token.
    var caseID: Int64? {
        guard nonce.hasPrefix("case"), let dash = nonce.firstIndex(of: "-") else { return nil }
        return Int64(nonce[nonce.index(nonce.startIndex, offsetBy: 4)..<dash])
    }

    /// "v1.<issued>.<nonce>.<mac>", safe in an HTML attribute.
    func encoded(secret: [UInt8]) -> String {
        let payload = "v1.\(issuedAt).\(nonce)"
        return payload + "." + Base64URL.encode(HMACSHA256.authenticationCode(for: Array(payload.utf8), key: secret))
    }

    /// Checks the signature (in constant time) and the timing.
    static func verify(_ text: String?, secret: [UInt8], now: Int64) -> Result<FormToken, Problem> {
        guard let text, text.utf8.count <= 200 else { return .failure(.missingOrForged) }
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4, parts[0] == "v1", let issued = Int64(parts[1]), !parts[2].isEmpty else {
            return .failure(.missingOrForged)
        }
        let payload = "v1.\(parts[1]).\(parts[2])"
        let expected = Base64URL.encode(HMACSHA256.authenticationCode(for: Array(payload.utf8), key: secret))
        guard ConstantTime.equals(Array(expected.utf8), Array(parts[3].utf8)) else { return .failure(.missingOrForged) }
        if now - issued < minimumFillSeconds { return .failure(.tooFast) }
        if now - issued > lifetimeSeconds || issued > now + 60 { return .failure(.expired) }
        return .success(FormToken(issuedAt: issued, nonce: String(parts[2])))
    }
}
