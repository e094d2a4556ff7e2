#if canImport(FoundationEssentials)
import FoundationEssentials  // not all of Foundation: keeps ICU and its memory out of the server
#else
import Foundation
#endif

/// Option values: the command line wins, then the environment, then the default.
enum Environment {
    static func value(_ option: String?, _ variable: String, default fallback: String) -> String {
        if let option { return option }
        if let value = ProcessInfo.processInfo.environment[variable], !value.isEmpty { return value }
        return fallback
    }

    static func optional(_ option: String?, _ variable: String) -> String? {
        if let option { return option }
        if let value = ProcessInfo.processInfo.environment[variable], !value.isEmpty { return value }
        return nil
    }
}
