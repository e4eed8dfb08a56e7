// The `{ SELECTOR OP VALUE && ... }` half of CloudWatch Logs filter patterns: a small
// recursive-descent parser (columns in errors) and an evaluator over one JSON log event.
#pragma once

#include "format/Json.h"
#include "format/Result.h"

#include <QString>

#include <memory>

namespace ml {

class LogFilterJson {
public:
    // Parentheses nested deeper than this are an error, so hostile input cannot exhaust the stack.
    static constexpr int kMaxNesting = 64;

    // Parses the JSON pattern that opens with '{' at index `start` of `text`; on success `*end`
    // is the index just past the closing '}'. Errors carry a 1-based Error::column.
    static Result<LogFilterJson> parse(const QString& text, int start, int* end);

    bool matches(const Json& event) const;

    struct Node;

private:
    explicit LogFilterJson(std::shared_ptr<const Node> root);
    std::shared_ptr<const Node> m_root;  // immutable, so copies share it
};

}  // namespace ml
