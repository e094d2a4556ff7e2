import Testing
@testable import Portal

/// Case positions by id: an array for the ids the portal hands out one after another, a
/// dictionary for any id far beyond them, and the same answers either way.
@Suite struct CasePositionsTests {
    @Test func findsEveryPositionSetAndNothingElse() {
        var positions = CasePositions()
        for id in 1...1_000 where !id.isMultiple(of: 7) { positions[Int64(id)] = id * 2 }
        for id in 1...1_000 {
            #expect(positions[Int64(id)] == (id.isMultiple(of: 7) ? nil : id * 2), "id \(id)")
        }
        #expect(positions[0] == nil)
        #expect(positions[-1] == nil)
        #expect(positions[1_001] == nil)
        #expect(positions[Int64.max] == nil)
    }

    @Test func anIDFarBeyondTheOthersIsKeptAndFoundAgainOnceTheArrayReachesIt() {
        var positions = CasePositions()
        positions[1] = 0
        positions[5_000_000_000] = 1
        positions[-3] = 2
        #expect(positions[5_000_000_000] == 1)
        #expect(positions[-3] == 2)
        positions[200_000] = 3  // beyond the array's reach at first: kept aside
        for id in 2..<200_000 where id.isMultiple(of: 1_000) { positions[Int64(id)] = 4 }
        for id in 2..<200_000 { positions[Int64(id)] = positions[Int64(id)] ?? 5 }  // the array grows past 200,000
        #expect(positions[200_000] == 3, "found though the array now covers its id")
        #expect(positions[1] == 0)
        #expect(positions[2_000] == 4)
        #expect(positions[2_001] == 5)
        positions[200_000] = 6
        #expect(positions[200_000] == 6)
    }

    @Test func settingNilForgetsAPosition() {
        var positions = CasePositions()
        positions[10] = 1
        positions[9_000_000_000] = 2
        positions[10] = nil
        positions[9_000_000_000] = nil
        #expect(positions[10] == nil)
        #expect(positions[9_000_000_000] == nil)
    }
}
