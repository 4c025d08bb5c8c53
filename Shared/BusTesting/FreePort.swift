import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// Ports this process has handed out: never twice, whatever tests run side by side.
private let handedOut = Mutex<Set<Int>>([])

/// A TCP port on 127.0.0.1 that was free a moment ago, for tests that must hand a port to another
/// process (or bind it later themselves).
///
/// Picked at random below the kernel's ephemeral range, not by binding port 0: a port the kernel
/// chose and released goes straight back to its pool, and the next outgoing connection of any
/// test (the suite makes thousands) could take it as its source port before the service binds it.
/// A port is never handed out twice in one process.
public func freeLoopbackPort() throws -> Int {
    try freeLoopbackPortBlock(count: 1) + 1
}

/// A base port such that base+1 … base+`count` were all free a moment ago (for a whole system's
/// ports in a row), chosen and reserved like `freeLoopbackPort()`'s.
public func freeLoopbackPortBlock(count: Int) throws -> Int {
    let ceiling = ephemeralRangeStart()
    for _ in 0..<1_000 {
        let base = Int.random(in: 10_000..<(ceiling - count - 1))
        let ports = Set((base + 1)...(base + count))
        let reserved = handedOut.withLock { taken -> Bool in
            guard taken.isDisjoint(with: ports) else { return false }
            taken.formUnion(ports)
            return true
        }
        guard reserved else { continue }
        if try ports.allSatisfy(canBind) { return base }
    }
    throw FreePortError(operation: "bind")
}

/// The first port of the kernel's ephemeral range (32768 unless configured otherwise).
private func ephemeralRangeStart() -> Int {
    let text = (try? String(contentsOfFile: "/proc/sys/net/ipv4/ip_local_port_range", encoding: .utf8)) ?? ""
    let start = text.split(whereSeparator: \.isWhitespace).first.flatMap { Int($0) } ?? 32_768
    return max(start, 10_001)
}

/// Whether a listening socket could bind `port` on 127.0.0.1 now.
private func canBind(_ port: Int) throws -> Bool {
    let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard descriptor >= 0 else { throw FreePortError(operation: "socket") }
    defer { close(descriptor) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = in_port_t(UInt16(port).bigEndian)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    return withUnsafePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
            bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
        }
    } == 0
}

/// A system call failed while looking for a free port.
public struct FreePortError: Error, CustomStringConvertible {
    /// The call that failed.
    public let operation: String

    public var description: String { "\(operation)() failed while looking for a free port" }
}
