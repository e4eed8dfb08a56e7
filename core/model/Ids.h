// Value ids for nodes and edges: plain strings with a type, hashable, comparable.
#pragma once

#include <QHash>
#include <QString>

#include <functional>

namespace ml {

template <typename Tag>
struct Id {
    QString value;

    Id() = default;
    explicit Id(QString v) : value(std::move(v)) {}

    bool isEmpty() const { return value.isEmpty(); }
    friend bool operator==(const Id& a, const Id& b) { return a.value == b.value; }
    friend bool operator!=(const Id& a, const Id& b) { return a.value != b.value; }
    friend bool operator<(const Id& a, const Id& b) { return a.value < b.value; }
    friend size_t qHash(const Id& id, size_t seed = 0) { return qHash(id.value, seed); }
};

struct NodeTag;
struct EdgeTag;
using NodeId = Id<NodeTag>;
using EdgeId = Id<EdgeTag>;

}  // namespace ml

template <typename Tag>
struct std::hash<ml::Id<Tag>> {
    size_t operator()(const ml::Id<Tag>& id) const noexcept { return qHash(id.value); }
};
