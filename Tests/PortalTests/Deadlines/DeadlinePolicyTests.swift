#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Testing
@testable import Portal

extension DeadlineTests {
    /// The policy as the configuration file writes it.
    @Suite struct Policy {
        static func decode(_ json: String) throws -> DeadlinePolicy {
            try JSONDecoder().decode(DeadlinePolicy.self, from: Data(json.utf8))
        }

        static func encode(_ policy: DeadlinePolicy) throws -> String {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            return String(decoding: try encoder.encode(policy), as: UTF8.self)
        }

        @Test func aPolicyRoundTripsThroughJSONWithSnakeCaseKeys() throws {
            let policy = DeadlinePolicy(acknowledgeWithin: 4, respondWithin: 20, unit: .businessDays,
                                        maxExtensionDays: 15, maxExtensions: 2)
            let json = try Self.encode(policy)
            #expect(json == #"{"acknowledge_within":4,"max_extension_days":15,"max_extensions":2,"respond_within":20,"unit":"business_days"}"#)
            #expect(try Self.decode(json) == policy)

            let minimal = DeadlinePolicy(acknowledgeWithin: nil, respondWithin: 14)
            let minimalJSON = try Self.encode(minimal)
            #expect(minimalJSON == #"{"max_extension_days":30,"respond_within":14,"unit":"calendar_days"}"#)
            #expect(try Self.decode(minimalJSON) == minimal)
        }

        @Test func leftOutKeysTakeTheirDefaults() throws {
            let policy = try Self.decode(#"{"respond_within": 30}"#)
            #expect(policy == DeadlinePolicy(acknowledgeWithin: nil, respondWithin: 30, unit: .calendarDays,
                                             maxExtensionDays: 30, maxExtensions: nil))
            #expect(try Self.decode(#"{"respond_within": 14, "acknowledge_within": 0, "unit": "business_days"}"#)
                    == DeadlinePolicy(acknowledgeWithin: 0, respondWithin: 14, unit: .businessDays))
        }

        @Test func anUnknownUnitOrAMissingRespondWithinIsRefused() throws {
            #expect(throws: DecodingError.self) { try Self.decode(#"{"respond_within": 30, "unit": "weeks"}"#) }
            #expect(throws: DecodingError.self) { try Self.decode(#"{"acknowledge_within": 3}"#) }
            #expect(DeadlineUnit.allCases.map(\.rawValue) == ["calendar_days", "business_days"])
        }

        @Test func aValidPolicyHasNoProblem() {
            #expect(DeadlinePolicy(acknowledgeWithin: 4, respondWithin: 30).problem() == nil)
            #expect(DeadlinePolicy(acknowledgeWithin: 0, respondWithin: 1, maxExtensionDays: 0, maxExtensions: 0).problem() == nil)
            #expect(DeadlinePolicy(acknowledgeWithin: nil, respondWithin: 3650, maxExtensionDays: 3650).problem() == nil)
        }

        @Test(arguments: [
            (DeadlinePolicy(acknowledgeWithin: 4, respondWithin: 0), "respond_within must be at least 1"),
            (DeadlinePolicy(acknowledgeWithin: nil, respondWithin: -5), "respond_within must be at least 1"),
            (DeadlinePolicy(acknowledgeWithin: nil, respondWithin: 3651), "respond_within must be at most 3650"),
            (DeadlinePolicy(acknowledgeWithin: -1, respondWithin: 30), "acknowledge_within must be at least 0"),
            (DeadlinePolicy(acknowledgeWithin: 31, respondWithin: 30), "acknowledge_within must not be more than respond_within (30)"),
            (DeadlinePolicy(acknowledgeWithin: 4, respondWithin: 30, maxExtensionDays: -1), "max_extension_days must be at least 0"),
            (DeadlinePolicy(acknowledgeWithin: 4, respondWithin: 30, maxExtensionDays: 4000), "max_extension_days must be at most 3650"),
            (DeadlinePolicy(acknowledgeWithin: 4, respondWithin: 30, maxExtensions: -1), "max_extensions must be at least 0"),
        ])
        func anInvalidPolicyNamesTheKeyThatIsWrong(policy: DeadlinePolicy, problem: String) {
            #expect(policy.problem() == problem)
        }
    }
}
