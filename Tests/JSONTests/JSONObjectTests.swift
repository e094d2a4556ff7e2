import JSON
import Testing

@Suite("JSONObject")
struct JSONObjectTests {
    @Test func initKeepsOrderAndLaterDuplicatesReplaceInPlace() {
        let object = JSONObject([("a", 1), ("b", 2), ("a", 3)])
        #expect(object.keys == ["a", "b"])
        #expect(object["a"] == 3)
        #expect(object.count == 2)
    }

    @Test func emptyObject() {
        let object = JSONObject()
        #expect(object.isEmpty)
        #expect(object.count == 0)
        #expect(object.keys.isEmpty)
        #expect(object["a"] == nil)
    }

    @Test func subscriptSetReplacesInPlaceAndAppendsNewKeys() {
        var object: JSONObject = ["a": 1, "b": 2, "c": 3]
        object["b"] = "two"
        object["d"] = 4
        #expect(object.keys == ["a", "b", "c", "d"])
        #expect(object["b"] == "two")
        #expect(object.values == [1, "two", 3, 4])
    }

    @Test func subscriptSetNilRemovesAndKeepsTheRestInOrder() {
        var object: JSONObject = ["a": 1, "b": 2, "c": 3]
        object["b"] = nil
        #expect(object.keys == ["a", "c"])
        #expect(object["b"] == nil)
        object["missing"] = nil
        #expect(object.count == 2)
        object["b"] = 5
        #expect(object.keys == ["a", "c", "b"])
    }

    @Test func assigningNullStoresNullRatherThanRemoving() {
        var object: JSONObject = ["a": 1]
        object["a"] = .null
        #expect(object.count == 1)
        #expect(object["a"] == .null)
        #expect(object.contains(key: "a"))
    }

    @Test func iteratesMembersInOrder() {
        let object: JSONObject = ["x": 1, "y": 2]
        let members = object.map { "\($0.key)=\($0.value)" }
        #expect(members == ["x=1", "y=2"])
        var keys: [String] = []
        for (key, _) in object { keys.append(key) }
        #expect(keys == ["x", "y"])
    }

    @Test func largeObjectsKeepLookupsRightThroughEdits() {
        var object = JSONObject()
        for index in 0..<40 { object["k\(index)"] = .number(index) }
        #expect(object["k39"] == 39)
        object["k5"] = nil
        object["k0"] = nil
        #expect(object["k6"] == 6)
        #expect(object["k39"] == 39)
        #expect(object.keys.prefix(3) == ["k1", "k2", "k3"])
        object["k0"] = "back"
        #expect(object.keys.last == "k0")
        #expect(object["k0"] == "back")
        for index in 1..<35 where index != 5 { object["k\(index)"] = nil }
        #expect(object.keys == ["k35", "k36", "k37", "k38", "k39", "k0"])
        #expect(object["k37"] == 37)
        #expect(object["k20"] == nil)
        for index in 0..<20 { object["n\(index)"] = .number(index) }
        #expect(object["n19"] == 19)
        #expect(object["k36"] == 36)
        #expect(object.count == 26)
    }

    @Test func equalityIgnoresMemberOrder() {
        let first: JSONObject = ["a": 1, "b": [true]]
        let second: JSONObject = ["b": [true], "a": 1]
        #expect(first == second)
        #expect(first.hashValue == second.hashValue)
        #expect(first != ["a": 1, "b": [false]])
        #expect(first != ["a": 1])
        #expect(first != ["a": 1, "c": [true]])
    }

    @Test func keysAreComparedByUnicodeScalars() {
        var object: JSONObject = ["\u{E9}": 1]
        object["e\u{301}"] = 2
        #expect(object.count == 2)
        #expect(object["\u{E9}"] == 1)
        #expect(object["e\u{301}"] == 2)
    }

    @Test func descriptionIsCompactJSON() {
        let object: JSONObject = ["b": 1, "a": "x"]
        #expect(object.description == #"{"b":1,"a":"x"}"#)
    }
}
