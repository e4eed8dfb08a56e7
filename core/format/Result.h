// Errors as values at the boundaries (load, parse, HTTP): a Result carries either
// a value or an Error that names the place (file, JSON pointer, line/column).
#pragma once

#include <QString>

#include <optional>
#include <utility>
#include <variant>

namespace ml {

struct Error {
    QString message;  // what was expected / what went wrong, e.g. "expected a duration like \"30s\""
    QString pointer;  // JSON pointer of the offending value, e.g. "/nodes/3/config/timeout"; may be empty
    QString file;     // file name, when the error comes from a file; may be empty
    int line = 0;     // 1-based, for syntax errors in text; 0 when not known
    int column = 0;   // 1-based

    // Named constructors (STYLE.md 13): a message alone, or at a JSON pointer, in a file, or at
    // a line and column of a text.
    static Error of(QString message) { return Error{std::move(message), {}, {}, 0, 0}; }
    static Error at(QString pointer, QString message)
    {
        return Error{std::move(message), std::move(pointer), {}, 0, 0};
    }
    static Error inFileNamed(QString file, QString message)
    {
        return Error{std::move(message), {}, std::move(file), 0, 0};
    }

    // "file.mlab.json:/nodes/3/config/timeout: expected a duration like "30s"" —
    // the form every command-line tool and panel prints.
    QString toString() const;

    // Returns a copy with `prefix` put in front of the pointer (used when a parser
    // of a sub-value reports relative to its own root).
    Error under(const QString& prefix) const;
    Error inFile(const QString& fileName) const;
};

template <typename T>
class Result {
public:
    Result(T value) : m_state(std::move(value)) {}
    Result(Error error) : m_state(std::move(error)) {}

    bool ok() const { return std::holds_alternative<T>(m_state); }
    explicit operator bool() const { return ok(); }

    const T& value() const& { return std::get<T>(m_state); }
    T& value() & { return std::get<T>(m_state); }
    T&& value() && { return std::get<T>(std::move(m_state)); }
    const T& operator*() const& { return value(); }
    const T* operator->() const { return &value(); }

    const Error& error() const { return std::get<Error>(m_state); }

private:
    std::variant<T, Error> m_state;
};

// For operations that produce nothing but may fail.
using Status = Result<std::monostate>;
inline Status okStatus() { return Status(std::monostate{}); }

}  // namespace ml
