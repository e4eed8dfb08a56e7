// JSON text from outside (project files, injected messages): parsed without letting anything
// escape, with syntax errors placed by line and column, and refused up front when it is not
// UTF-8 or nests deep enough to overflow the parser's stack.
#pragma once

#include "format/Json.h"
#include "format/Result.h"

#include <QByteArray>

namespace ml::jsontext {

// Deeper nesting than this is refused before nlohmann sees it (its DOM builder and our walkers
// recurse; 100 000 nested '[' would overflow the stack).
constexpr int kMaxDepth = 256;

struct TextPosition {
    int line = 1;    // 1-based
    int column = 1;  // 1-based, counted in characters (UTF-8 code points), not bytes
};

// The line and column of the byte at `offset` (an offset at the end gives the position just
// after the last character).
TextPosition positionAt(const QByteArray& bytes, qsizetype offset);

// Refuses invalid UTF-8 and nesting deeper than `maxDepth`; the error carries line and column.
Status checkText(const QByteArray& bytes, int maxDepth = kMaxDepth);

// checkText, then nlohmann's parser with every exception caught. A leading UTF-8 byte-order mark
// is skipped. Syntax errors read like "unexpected end of input; expected a value", numbers too
// large for a double like "number out of range: 1e400; …", both with line and column.
Result<Json> parse(const QByteArray& bytes, int maxDepth = kMaxDepth);
// The same for text already in memory as a std::string (a proxy event's body, a websocket frame):
// read in place, never copied.
Result<Json> parse(const std::string& text, int maxDepth = kMaxDepth);

// "a string", "an array", "the number 3", "true" — for "expected …; got …" messages.
QString describe(const Json& value);

// Appends one reference token to a JSON pointer, escaping '~' and '/'.
QString pointerJoin(const QString& pointer, const QString& token);

}  // namespace ml::jsontext
