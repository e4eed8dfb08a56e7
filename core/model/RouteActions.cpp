// Route actions and near misses (see RouteActions.h).
#include "model/RouteActions.h"

#include "format/Json.h"
#include "model/Catalog.h"
#include "model/KindTraits.h"

#include <algorithm>
#include <climits>

namespace ml::routes {

namespace {

bool isInvoke(const Diagram& d, const Edge& e)
{
    const Node* from = d.node(e.from);
    const Node* to = d.node(e.to);
    if (!from || !to) return false;
    const ConnectionCheck check = Catalog::instance().canConnect(from->kind, to->kind, e.kind);
    return check.allowed && check.edgeKind == QLatin1String("invoke");
}

int editDistance(const QString& a, const QString& b)
{
    std::vector<int> row(size_t(b.size()) + 1);
    for (size_t j = 0; j < row.size(); ++j) row[j] = int(j);
    for (int i = 1; i <= a.size(); ++i) {
        int diagonal = row[0];
        row[0] = i;
        for (int j = 1; j <= b.size(); ++j) {
            const int up = row[size_t(j)];
            const int cost = a[i - 1].toLower() == b[j - 1].toLower() ? 0 : 1;
            row[size_t(j)] = std::min({row[size_t(j) - 1] + 1, up + 1, diagonal + cost});
            diagonal = up;
        }
    }
    return row.back();
}

QStringList segments(QString path)
{
    if (const qsizetype q = path.indexOf(QLatin1Char('?')); q >= 0) path.truncate(q);
    return path.split(QLatin1Char('/'), Qt::SkipEmptyParts);
}

}  // namespace

const Edge* integrationOf(const Diagram& diagram, const NodeId& gateway)
{
    for (const Edge& e : diagram.edges())
        if (e.from == gateway && isInvoke(diagram, e)) return &e;
    return nullptr;
}

std::vector<const Node*> gatewaysInvoking(const Diagram& diagram, const NodeId& target)
{
    std::vector<const Node*> out;
    for (const Node& n : diagram.nodes()) {
        if (!traits::servesRoutes(n.kind)) continue;
        const Edge* e = integrationOf(diagram, n.id);
        if (e && e->to == target) out.push_back(&n);
    }
    return out;
}

QStringList actionsSentTo(const Diagram& diagram, const NodeId& target)
{
    QStringList actions;
    for (const Node* gateway : gatewaysInvoking(diagram, target)) {
        const auto it = gateway->config.find("routes");
        if (it == gateway->config.end() || !it->is_array()) continue;
        for (const Json& r : *it) {
            if (!r.is_object() || !r.contains("action") || !r["action"].is_string()) continue;
            const QString action = toQString(r["action"].get<std::string>());
            if (!action.isEmpty() && !actions.contains(action)) actions << action;
        }
    }
    return actions;
}

QString nearMiss(const QString& word, const QStringList& candidates)
{
    if (word.isEmpty() || candidates.contains(word)) return QString();
    const int allowed = std::max(1, int(word.size()) / 4);
    QString best;
    int bestDistance = INT_MAX;
    for (const QString& c : candidates) {
        const int d = editDistance(word, c);
        if (d <= allowed && d < bestDistance) {
            best = c;
            bestDistance = d;
        }
    }
    return best;
}

bool pathMatches(const QString& routePath, const QString& requestPath)
{
    const QStringList route = segments(routePath);
    const QStringList request = segments(requestPath);
    if (route.size() != request.size()) return false;
    for (qsizetype i = 0; i < route.size(); ++i) {
        const QString& s = route[i];
        const bool parameter = s.size() > 2 && s.startsWith(QLatin1Char('{')) && s.endsWith(QLatin1Char('}'));
        if (!parameter && s != request[i]) return false;
    }
    return true;
}

}  // namespace ml::routes
