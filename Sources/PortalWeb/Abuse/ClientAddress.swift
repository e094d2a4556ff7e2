import HTTPServer

/// The address of the person behind a request. Behind a reverse proxy the TCP peer is the proxy,
/// so X-Forwarded-For is believed only when the peer is a configured trusted proxy, and then the
/// rightmost address that is not itself a trusted proxy is taken (the leftmost can be forged).
struct ClientAddress: Sendable {
    let trustedProxies: Set<String>

    func of(_ request: Request) -> String {
        guard trustedProxies.contains(request.remoteAddress) else { return request.remoteAddress }
        let forwarded = request.headers.values("X-Forwarded-For")
            .flatMap { $0.split(separator: ",") }
            .map { String($0.trimmingSpaces) }
            .filter { !$0.isEmpty }
        for address in forwarded.reversed() where !trustedProxies.contains(address) {
            return address
        }
        return request.remoteAddress
    }
}
