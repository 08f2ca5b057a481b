#pragma once

#include <stdexcept>
#include <string>

/// The engine's exception family: Error is what callers catch, the subclasses say what went wrong.
namespace tuntas::engine {

/// Base of every error the engine throws.
class Error : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/// A broken invariant inside tuntas (a bug, not bad input); carries file:line of the check.
class InternalError : public Error {
public:
    using Error::Error;
};

/// The system refused to store or read a file (no space left, a read-only file system, an I/O
/// error): not a bug and not bad input; the message names the file and the system's reason.
class IoError : public Error {
public:
    using Error::Error;
};

/// A model or caller used the engine wrongly: a negative delay, an unknown LP, a bad partition
/// map, or a run configuration out of range.
class UsageError : public Error {
public:
    using Error::Error;
};

/// A file that is not what it should be: a result with a dataset missing, unreadable or of the
/// wrong shape (truncated, corrupt, or another program's). Bad input (exit 2), as the file the
/// user named is.
class DamagedFile : public UsageError {
public:
    using UsageError::UsageError;
};

/// Some runs of a batch failed (each recorded where it says); not a bug: exit 1 without
/// "internal error".
class RunsFailed : public Error {
public:
    using Error::Error;
};

/// A cross-partition event was sent with a delay below the lookahead, which the conservative
/// window protocol cannot deliver in time. Names both LPs, their partitions, the delay and time.
class LookaheadViolation : public UsageError {
public:
    using UsageError::UsageError;
};

}  // namespace tuntas::engine
