import Dispatch
import Foundation

extension Array where Element: Sendable {
    /// `map` with the elements transformed side by side on every core; results in order.
    /// For independent, pure work on each element (a unit's figures, its findings section).
    package func concurrentMap<T: Sendable>(_ transform: @Sendable (Element) -> T) -> [T] {
        guard count > 1 else { return map(transform) }
        let results = OrderedResults<T>(count: count)
        withoutActuallyEscaping(transform) { transform in
            DispatchQueue.concurrentPerform(iterations: count) { index in
                results.set(index, transform(self[index]))
            }
        }
        return results.values()
    }
}

/// Results filled in from several threads, one slot each.
private final class OrderedResults<T>: @unchecked Sendable {
    private let lock = NSLock()
    private var slots: [T?]

    init(count: Int) { slots = Array(repeating: nil, count: count) }

    func set(_ index: Int, _ value: T) { lock.withLock { slots[index] = value } }
    func values() -> [T] { lock.withLock { slots.map { $0! } } }
}
