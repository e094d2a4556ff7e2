/// Where each case's row is in the case index, by case id.
///
/// Case ids are handed out one after another, so the positions are an array indexed by id: a text
/// search places tens of thousands of matches, in id order, with one array read each (a dictionary
/// cost a hash and a cache miss per match, a quarter of such a search). An id far beyond the others
/// (which the portal never makes, but a database edited by hand could hold) goes to a dictionary,
/// so the array never grows past about twice the largest dense id.
public struct CasePositions: Sendable {
    /// `dense[id]` is the position of case `id`, or -1.
    private var dense: [Int32] = []
    private var sparse: [Int64: Int] = [:]
    /// The array grows to at least this many ids before an id counts as far beyond.
    private static let minimumSpan: Int64 = 1 << 16

    public init() {}

    /// The position of case `id`, or nil when the index has no such case.
    public subscript(id: Int64) -> Int? {
        get {
            if id >= 0 && id < Int64(dense.count) {
                let position = dense[Int(id)]
                if position >= 0 { return Int(position) }
            }
            return sparse.isEmpty ? nil : sparse[id]
        }
        set {
            guard id >= 0, id < max(Self.minimumSpan, 2 * Int64(dense.count)), (newValue ?? 0) < Int(Int32.max) else {
                sparse[id] = newValue
                return
            }
            if id >= Int64(dense.count) {
                dense.append(contentsOf: repeatElement(-1, count: Int(id) - dense.count + 1))
            }
            dense[Int(id)] = newValue.map(Int32.init) ?? -1
            if !sparse.isEmpty { sparse[id] = nil }  // it may have been far beyond once
        }
    }
}
