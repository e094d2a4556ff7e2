import Foundation
import Testing

/// The `deadlines` section of the configuration file, as `serve` reads it.
@Suite struct DeadlineConfigurationTests {
    func serve(config: String, files: [String: String] = [:]) throws -> (CommandRunner.Result, URL) {
        let folder = try CommandRunner.temporaryFolder()
        for (name, text) in files { try text.write(to: folder.appendingPathComponent(name), atomically: true, encoding: .utf8) }
        let path = folder.appendingPathComponent("portal.json")
        try config.write(to: path, atomically: true, encoding: .utf8)
        let result = try CommandRunner.run(["serve", "--port", "0", "--config", path.path, "--migrations", CommandRunner.migrations,
                                            "--database", folder.appendingPathComponent("db.sqlite").path])
        return (result, folder)
    }

    @Test func aPolicyForAnUnknownCaseTypeIsRefusedWithItsName() throws {
        let (result, folder) = try serve(config: #"{"deadlines": {"policies": {"complaints": {"respond_within": 30}}}}"#)
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(result.status == 1)
        #expect(result.stderr.contains("deadlines.policies.complaints: no such case type"))
    }

    @Test func anInvalidPolicyIsRefusedWithTheReason() throws {
        let (result, folder) = try serve(config: #"{"deadlines": {"policies": {"complaint": {"acknowledge_within": 40, "respond_within": 30}}}}"#)
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(result.status == 1)
        #expect(result.stderr.contains("deadlines.policies.complaint:"))
        #expect(result.stderr.contains("acknowledge_within"))
    }

    @Test func aHolidayThatIsNotADateIsRefused() throws {
        let (result, folder) = try serve(config: #"{"deadlines": {"holidays": ["2026-12-25", "25/12/2026"]}}"#)
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(result.status == 1)
        #expect(result.stderr.contains("deadlines.holidays: 25/12/2026 is not a date"))
    }

    @Test func aBrokenHolidayCalendarFileIsRefusedWithItsLine() throws {
        let ics = "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART;VALUE=DATE:2026-12-25\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
        let (result, folder) = try serve(config: #"{"deadlines": {"holidays_ics": "holidays.ics"}}"#, files: ["holidays.ics": ics])
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(result.status == 1)
        #expect(result.stderr.contains("deadlines.holidays_ics:"))
        #expect(result.stderr.contains("line 3"))
    }

    @Test func aMissingHolidayCalendarFileIsRefused() throws {
        let (result, folder) = try serve(config: #"{"deadlines": {"holidays_ics": "missing.ics"}}"#)
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(result.status == 1)
        #expect(result.stderr.contains("deadlines.holidays_ics: cannot read"))
    }

    @Test func aBusinessDaysPolicyWithAnICalendarFileIsAcceptedAndPublished() throws {
        let folder = try CommandRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let ics = "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20200101\r\nDTEND;VALUE=DATE:20400101\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
        try ics.write(to: folder.appendingPathComponent("holidays.ics"), atomically: true, encoding: .utf8)
        let config = folder.appendingPathComponent("portal.json")
        try #"{"deadlines": {"holidays_ics": "holidays.ics", "policies": {"complaint": {"acknowledge_within": 1, "respond_within": 2, "unit": "business_days"}}}}"#
            .write(to: config, atomically: true, encoding: .utf8)
        let server = try RunningServer(arguments: ["--config", config.path, "--database", folder.appendingPathComponent("db.sqlite").path,
                                                   "--migrations", CommandRunner.migrations])
        let contact = try httpGet(port: server.port, path: "/api/v1/contact")
        #expect(contact.body.contains(#""days":"business""#))
        #expect(contact.body.contains(#""respond_within_days":2"#))
        #expect(server.stop() == 0)
    }
}
