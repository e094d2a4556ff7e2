import Dispatch
import Templates
import Testing

@Suite("Concurrent rendering")
struct ConcurrentRenderingTests {
    @Test func oneCompiledTemplateRendersIdenticallyOnManyThreads() throws {
        let library = try TemplateLibrary([
            "feed": """
                <feed xmlns="http://www.w3.org/2005/Atom">
                  <title>{{title}}</title>
                  {{#entries}}
                  {{> entry}}
                  {{/entries}}
                </feed>

                """,
            "entry": """
                <entry>
                  <id>{{feedID}}/{{id}}</id>
                  <title>{{title}}</title>
                  <updated>{{updated}}</updated>
                </entry>

                """,
        ])
        let template = try #require(library["feed"])
        var entries: [TemplateValue] = []
        for index in 0..<200 {
            entries.append(.object([
                "id": .string("C-\(index)"),
                "title": .string("Complaint <\(index)> & \"follow-up\""),
                "updated": "2024-05-01T12:00:00Z",
            ]))
        }
        let context: TemplateValue = ["title": "Status & updates", "feedID": "urn:portal", "entries": .list(entries)]
        let expected = template.render(context)
        #expect(expected.contains("<id>urn:portal/C-199</id>"))

        let iterations = 64
        let results = ResultSlots(count: iterations)
        DispatchQueue.concurrentPerform(iterations: iterations) { index in
            if index.isMultiple(of: 2) {
                results[index] = template.render(context)
            } else {
                var buffer: [UInt8] = []
                template.render(context, into: &buffer)
                results[index] = String(decoding: buffer, as: UTF8.self)
            }
        }
        #expect(results.values.allSatisfy { $0 == expected })
    }
}

/// One slot per iteration of `concurrentPerform`: each iteration writes only its
/// own slot and the slots are read after all iterations end, so no lock is needed.
private final class ResultSlots: @unchecked Sendable {
    private let slots: UnsafeMutableBufferPointer<String>

    init(count: Int) {
        slots = .allocate(capacity: count)
        slots.initialize(repeating: "")
    }

    deinit {
        _ = slots.deinitialize()
        slots.deallocate()
    }

    subscript(index: Int) -> String {
        get { slots[index] }
        set { slots[index] = newValue }
    }

    var values: [String] { Array(slots) }
}
