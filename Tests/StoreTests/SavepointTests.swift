import Foundation
import GRDB
import Store
import Testing

@Suite("Store: savepoints with cached statements")
struct SavepointTests {
    struct Refused: Error {}

    @Test("a throwing body undoes only its own writes; the transaction goes on and commits the rest")
    func rollsBackOnlyTheBody() throws {
        let queue = try DatabaseQueue()
        try queue.write { db in
            try db.execute(sql: "CREATE TABLE t (n INTEGER NOT NULL)")
        }
        // Given one transaction with three savepoints, the second of which fails after writing
        try queue.write { db in
            for n in 1...3 {
                do {
                    let written = try db.withSavepoint { () throws -> Int in
                        try db.execute(sql: "INSERT INTO t (n) VALUES (?)", arguments: [n])
                        if n == 2 { throw Refused() }
                        // And a nested savepoint under the same name commits with its parent
                        try db.withSavepoint {
                            try db.execute(sql: "INSERT INTO t (n) VALUES (?)", arguments: [n * 10])
                        }
                        return n
                    }
                    #expect(written == n)
                } catch is Refused {
                    continue
                }
            }
        }
        // Then the failed body left nothing, and everything else committed
        let rows = try queue.read { try Int.fetchAll($0, sql: "SELECT n FROM t ORDER BY n") }
        #expect(rows == [1, 3, 10, 30])
    }
}
