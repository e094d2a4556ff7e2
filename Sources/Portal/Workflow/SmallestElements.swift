/// The `capacity` smallest of the elements offered, in order: a bounded max-heap, so a page of 50
/// out of 40,000 matches costs one comparison for most of them instead of sorting them all.
struct SmallestElements<Element> {
    let capacity: Int
    private let isLess: (Element, Element) -> Bool
    /// A max-heap: the largest kept element first.
    private var heap: [Element] = []

    init(capacity: Int, by isLess: @escaping (Element, Element) -> Bool) {
        self.capacity = max(0, capacity)
        self.isLess = isLess
        heap.reserveCapacity(self.capacity)
    }

    /// How many are kept: the number offered, up to `capacity`.
    var count: Int { heap.count }

    mutating func offer(_ element: Element) {
        if heap.count < capacity {
            heap.append(element)
            siftUp(heap.count - 1)
        } else if capacity > 0, isLess(element, heap[0]) {
            heap[0] = element
            siftDown(0)
        }
    }

    /// The kept elements, smallest first.
    func sorted() -> [Element] {
        heap.sorted(by: isLess)
    }

    private mutating func siftUp(_ index: Int) {
        var child = index
        while child > 0 {
            let parent = (child - 1) / 2
            guard isLess(heap[parent], heap[child]) else { return }
            heap.swapAt(parent, child)
            child = parent
        }
    }

    private mutating func siftDown(_ index: Int) {
        var parent = index
        while true {
            let left = 2 * parent + 1
            guard left < heap.count else { return }
            var largest = left
            if left + 1 < heap.count, isLess(heap[left], heap[left + 1]) { largest = left + 1 }
            guard isLess(heap[parent], heap[largest]) else { return }
            heap.swapAt(parent, largest)
            parent = largest
        }
    }
}
