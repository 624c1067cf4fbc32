#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A bounded hand-over of whole batches between one producer thread and one consumer thread
/// (a mutex and a condition variable). At most `depth` batches exist; the producer waits for a
/// recycled one when all are in use, so memory stays bounded however far it runs ahead. Locking
/// happens once per batch, never per packet.
public final class BatchQueue<Batch: AnyObject>: @unchecked Sendable {
    private var mutex = pthread_mutex_t()
    private var condition = pthread_cond_t()
    // Guarded by `mutex`.
    private var ready: [Batch] = []
    private var free: [Batch] = []
    private var allocated = 0
    private var cancelled = false
    /// Batches sent and not yet recycled.
    private var outstanding = 0
    private let depth: Int
    private let make: () -> Batch

    public init(depth: Int, make: @escaping () -> Batch) {
        self.depth = depth
        self.make = make
        pthread_mutex_init(&mutex, nil)
        pthread_cond_init(&condition, nil)
    }

    deinit {
        pthread_cond_destroy(&condition)
        pthread_mutex_destroy(&mutex)
    }

    /// Producer: a batch to fill (a recycled one, or a new one while fewer than `depth` exist);
    /// nil once the consumer has cancelled.
    public func empty() -> Batch? {
        pthread_mutex_lock(&mutex)
        defer { pthread_mutex_unlock(&mutex) }
        while true {
            if cancelled { return nil }
            if let b = free.popLast() { return b }
            if allocated < depth {
                allocated += 1
                return make()
            }
            pthread_cond_wait(&condition, &mutex)
        }
    }

    /// Producer: hands a filled batch over.
    public func send(_ b: Batch) {
        pthread_mutex_lock(&mutex)
        ready.append(b)
        outstanding += 1
        pthread_cond_broadcast(&condition)
        pthread_mutex_unlock(&mutex)
    }

    /// Producer: waits until the consumer has recycled every batch sent so far (it has done
    /// with all of them).
    public func waitUntilDrained() {
        pthread_mutex_lock(&mutex)
        while outstanding > 0 && !cancelled { pthread_cond_wait(&condition, &mutex) }
        pthread_mutex_unlock(&mutex)
    }

    /// Consumer: the next batch in order, waiting for the producer when none is ready.
    public func receive() -> Batch {
        pthread_mutex_lock(&mutex)
        defer { pthread_mutex_unlock(&mutex) }
        while ready.isEmpty { pthread_cond_wait(&condition, &mutex) }
        return ready.removeFirst()
    }

    /// Consumer: done with `b`; the producer may refill it.
    public func recycle(_ b: Batch) {
        pthread_mutex_lock(&mutex)
        free.append(b)
        outstanding -= 1
        pthread_cond_broadcast(&condition)
        pthread_mutex_unlock(&mutex)
    }

    /// Consumer: gone; the producer's next `empty()` returns nil.
    public func cancel() {
        pthread_mutex_lock(&mutex)
        cancelled = true
        pthread_cond_broadcast(&condition)
        pthread_mutex_unlock(&mutex)
    }
}

/// Runs `body` on a new POSIX thread; `join()` waits for it. Nil when no thread can be started.
public final class WorkerThread: @unchecked Sendable {
    private var thread = pthread_t()

    public init?(_ body: @escaping () -> Void) {
        final class Box { let body: () -> Void; init(_ b: @escaping () -> Void) { body = b } }
        // SAFETY: the thread takes this retain back; released below if it cannot start.
        let box = Unmanaged.passRetained(Box(body)).toOpaque()
        guard pthread_create(&thread, nil, { arg in
            // SAFETY: `arg` is the Box retained below; this thread owns that reference.
            let box = Unmanaged<Box>.fromOpaque(arg!).takeRetainedValue()
            box.body()
            return nil
        }, box) == 0 else {
            Unmanaged<Box>.fromOpaque(box).release()
            return nil
        }
    }

    public func join() { pthread_join(thread, nil) }
}
