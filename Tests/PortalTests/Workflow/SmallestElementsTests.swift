import Testing
@testable import Portal

/// The bounded heap a queue page keeps its candidates in: the same as sorting them all and
/// taking the first ones, for every capacity, with ties.
@Suite struct SmallestElementsTests {
    private typealias Candidate = (key: Int64, id: Int64)
    private static func isBefore(_ a: Candidate, _ b: Candidate) -> Bool { (a.key, a.id) < (b.key, b.id) }

    @Test(arguments: [0, 1, 2, 5, 51, 199, 200, 250])
    func keepsTheSameElementsInTheSameOrderAsAFullSort(capacity: Int) {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<20 {
            // Keys with many ties (and Int64.max, a case without a deadline), ids unique.
            let candidates: [Candidate] = (0..<200).map { index in
                (key: Bool.random(using: &generator) ? Int64.max : Int64.random(in: 0..<20, using: &generator), id: Int64(index))
            }.shuffled(using: &generator)
            var smallest = SmallestElements<Candidate>(capacity: capacity, by: Self.isBefore)
            for candidate in candidates { smallest.offer(candidate) }
            let expected = candidates.sorted(by: Self.isBefore).prefix(capacity)
            #expect(smallest.count == expected.count)
            #expect(smallest.sorted().map(\.id) == expected.map(\.id))
        }
    }

    @Test func keepsEverythingWhenFewerThanTheCapacityAreOffered() {
        var smallest = SmallestElements<Candidate>(capacity: 10, by: Self.isBefore)
        for id in [5, 3, 9] as [Int64] { smallest.offer((key: 1, id: id)) }
        #expect(smallest.sorted().map(\.id) == [3, 5, 9])
    }
}
