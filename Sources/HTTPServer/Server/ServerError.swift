/// Why the server could not start.
public enum ServerError: Error, CustomStringConvertible {
    case cannotResolve(host: String, reason: String)
    case cannotListen(host: String, port: Int, reason: String)

    public var description: String {
        switch self {
        case .cannotResolve(let host, let reason): return "cannot resolve host \(host): \(reason)"
        case .cannotListen(let host, let port, let reason): return "cannot listen on \(host):\(port): \(reason)"
        }
    }
}
