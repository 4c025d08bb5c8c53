import GRDB

extension Database {
    /// Runs `body` inside a savepoint: a throw undoes its writes and nothing else of the
    /// enclosing transaction, then rethrows. Call inside a transaction.
    ///
    /// GRDB's `inSavepoint` prepares its statements anew on every call; these are cached per
    /// connection, which counts on paths that take one savepoint per event or per packet.
    public func withSavepoint<T>(_ body: () throws -> T) throws -> T {
        try cachedStatement(sql: "SAVEPOINT greenheart").execute()
        let result: T
        do {
            result = try body()
        } catch {
            try cachedStatement(sql: "ROLLBACK TO SAVEPOINT greenheart").execute()
            try cachedStatement(sql: "RELEASE SAVEPOINT greenheart").execute()
            throw error
        }
        try cachedStatement(sql: "RELEASE SAVEPOINT greenheart").execute()
        return result
    }
}
