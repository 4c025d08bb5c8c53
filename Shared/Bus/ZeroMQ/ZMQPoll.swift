import CZeroMQ

/// Waits on several sockets and file descriptors at once with `zmq_poll`.
public struct ZMQPoller {
    private var items: [zmq_pollitem_t] = []

    /// Makes an empty poller.
    public init() {}

    /// Adds a socket to watch for incoming messages; returns its index.
    @discardableResult
    public mutating func add(_ socket: ZMQSocket) -> Int {
        items.append(zmq_pollitem_t(socket: socket.handle, fd: -1, events: Int16(ZMQ_POLLIN), revents: 0))
        return items.count - 1
    }

    /// Adds a plain file descriptor to watch for readability; returns its index.
    @discardableResult
    public mutating func add(fileDescriptor: Int32) -> Int {
        items.append(zmq_pollitem_t(socket: nil, fd: fileDescriptor, events: Int16(ZMQ_POLLIN), revents: 0))
        return items.count - 1
    }

    /// Makes the poll also return when the socket at `index` can send (`watch`), or stops that.
    public mutating func watchWritable(_ index: Int, _ watch: Bool) {
        items[index].events = watch ? Int16(ZMQ_POLLIN) | Int16(ZMQ_POLLOUT) : Int16(ZMQ_POLLIN)
    }

    /// Waits up to `timeoutMilliseconds` (-1 for ever) and returns how many items are ready.
    @discardableResult
    public mutating func poll(timeoutMilliseconds: Int) throws -> Int {
        for index in items.indices { items[index].revents = 0 }
        let ready = items.withUnsafeMutableBufferPointer { buffer in
            zmq_poll(buffer.baseAddress, Int32(buffer.count), timeoutMilliseconds)
        }
        if ready < 0 {
            let error = ZMQError.last("zmq_poll")
            if error.code == EINTR { return 0 }
            throw error
        }
        return Int(ready)
    }

    /// Whether the item at `index` is readable after the last poll.
    public func isReadable(_ index: Int) -> Bool {
        items[index].revents & Int16(ZMQ_POLLIN) != 0
    }
}
