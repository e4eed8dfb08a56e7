// The project's `unmapped` section (what an import could not map: other template sections,
// resources with no node, properties with no setting) written back into the SAM template, so a
// real template survives import → export. The diagram wins where both say something: its value
// is written, and a kept value that differs from it is a warning naming the place.
#include "export/SamBuild.h"

#include <QRegularExpression>
#include <QSet>

#include <algorithm>

namespace ml::exporting {

namespace {

bool isIntrinsic(const Json& v)
{
    return v.is_object() && v.size() == 1 &&
           (v.begin().key() == "Ref" || v.begin().key().rfind("Fn::", 0) == 0 || v.begin().key() == "Condition");
}

// Fills `generated` with what `kept` has and it lacks: objects member by member, policy lists item
// by item (a kept policy joins the generated ones); a differing value is listed in `conflicts`.
void merge(Json& generated, const Json& kept, const QString& path, QStringList& conflicts)
{
    if (generated == kept) return;
    if (generated.is_object() && kept.is_object() && !isIntrinsic(generated) && !isIntrinsic(kept)) {
        for (auto it = kept.begin(); it != kept.end(); ++it) {
            if (!generated.contains(it.key()))
                generated[it.key()] = it.value();
            else
                merge(generated[it.key()], it.value(), path + QLatin1Char('/') + toQString(it.key()), conflicts);
        }
        return;
    }
    // Lists join only where more is more (policies); a key schema or a route list must not grow.
    if (generated.is_array() && kept.is_array() && path.endsWith(QLatin1String("/Policies"))) {
        for (const Json& item : kept)
            if (std::find(generated.begin(), generated.end(), item) == generated.end()) generated.push_back(item);
        return;
    }
    conflicts << path;
}

void warnConflicts(const QStringList& conflicts, const QString& what, QStringList& warnings)
{
    if (conflicts.isEmpty()) return;
    warnings << QStringLiteral("unmapped %1: %2 %3 what the diagram says now; the diagram's value is written")
                    .arg(what, conflicts.join(QStringLiteral(", ")),
                         conflicts.size() == 1 ? QStringLiteral("differs from") : QStringLiteral("differ from"));
}

void writeSections(const Json& sections, Json& doc, QStringList& warnings)
{
    for (auto it = sections.begin(); it != sections.end(); ++it) {
        const std::string& key = it.key();
        if (key == "Resources" || key == "Description" || key == "AWSTemplateFormatVersion") continue;
        if (key == "Transform") {
            // Other macros (AWS::LanguageExtensions, …) run with SAM's when the kept list names it too.
            const Json& t = it.value();
            const bool withSam =
                t == doc["Transform"] || (t.is_array() && std::find(t.begin(), t.end(), doc["Transform"]) != t.end());
            if (withSam)
                doc["Transform"] = t;
            else
                warnings << QStringLiteral("unmapped /Transform %1 leaves out SAM's transform; %2 is written")
                                .arg(toQString(t.dump()), toQString(doc["Transform"].dump()));
            continue;
        }
        if (!doc.contains(key)) {
            doc[key] = it.value();
            continue;
        }
        QStringList conflicts;
        merge(doc[key], it.value(), QLatin1Char('/') + toQString(key), conflicts);
        warnConflicts(conflicts, QStringLiteral("section"), warnings);
    }
}

// The logical ids a value names: Ref, Fn::GetAtt, ${Id} and ${Id.Attr} in Fn::Sub, DependsOn.
void namedIds(const Json& v, QSet<QString>& out)
{
    static const QRegularExpression sub(QStringLiteral("\\$\\{([A-Za-z0-9]+)(\\.[A-Za-z0-9.]+)?\\}"));
    if (v.is_array()) {
        for (const Json& item : v) namedIds(item, out);
        return;
    }
    if (!v.is_object()) return;
    for (auto it = v.begin(); it != v.end(); ++it) {
        const Json& x = it.value();
        if (it.key() == "Ref" && x.is_string()) out.insert(toQString(x.get<std::string>()));
        if (it.key() == "Fn::GetAtt" && x.is_array() && !x.empty() && x[0].is_string())
            out.insert(toQString(x[0].get<std::string>()));
        if (it.key() == "Fn::GetAtt" && x.is_string())
            out.insert(toQString(x.get<std::string>()).section(QLatin1Char('.'), 0, 0));
        if (it.key() == "DependsOn") {
            if (x.is_string()) out.insert(toQString(x.get<std::string>()));
            if (x.is_array())
                for (const Json& d : x)
                    if (d.is_string()) out.insert(toQString(d.get<std::string>()));
        }
        if (it.key() == "Fn::Sub") {
            const Json& text = x.is_array() && !x.empty() ? x[0] : x;
            const Json& locals = x.is_array() && x.size() > 1 && x[1].is_object() ? x[1] : Json::object();
            if (text.is_string())
                for (auto m = sub.globalMatch(toQString(text.get<std::string>())); m.hasNext();)
                    if (const QString name = m.next().captured(1); !locals.contains(toStd(name))) out.insert(name);
        }
        namedIds(x, out);
    }
}

void writeResources(const Json& kept, Json& doc, QStringList& warnings)
{
    Json& resources = doc["Resources"];
    QStringList added;
    for (auto it = kept.begin(); it != kept.end(); ++it) {
        if (!resources.contains(it.key())) {
            resources[it.key()] = it.value();
            added << toQString(it.key());
        } else if (resources[it.key()] != it.value()) {
            warnings << QStringLiteral(
                            "unmapped resource %1: the diagram exports a different resource under this "
                            "logical id; the diagram's is written")
                            .arg(toQString(it.key()));
        }
    }
    // A kept resource naming one the export no longer has (a route or deployment the diagram
    // makes anew under other ids, a deleted node) would break the template: it is left out, named.
    for (bool dropped = true; dropped;) {
        dropped = false;
        for (const QString& id : added) {
            if (!resources.contains(toStd(id))) continue;
            QSet<QString> names;
            namedIds(resources[toStd(id)], names);
            QStringList missing;
            for (const QString& n : names)
                if (!n.startsWith(QLatin1String("AWS::")) && !resources.contains(toStd(n)) &&
                    !(doc.contains("Parameters") && doc["Parameters"].contains(toStd(n))))
                    missing << n;
            if (missing.isEmpty()) continue;
            missing.sort();
            resources.erase(toStd(id));
            dropped = true;
            warnings << QStringLiteral("unmapped resource %1 refers to %2, which the export does not have; not written")
                            .arg(id, missing.join(QStringLiteral(", ")));
        }
    }
}

// The generated event reading the same queue, stream, topic, bucket, log group or API as a kept
// part of an event (the import keeps its source with it), or "".
std::string sameSource(const Json& events, const Json& kept)
{
    const Json& p = kept.value("Properties", Json::object());
    for (auto it = events.begin(); it != events.end(); ++it) {
        const Json& g = it->value("Properties", Json::object());
        bool named = false, same = true;
        for (const char* source : {"Queue", "Stream", "Topic", "Bucket", "LogGroupName", "ApiId", "RestApiId"})
            if (p.contains(source)) {
                named = true;
                same = same && g.contains(source) && g[source] == p[source];
            }
        if (named && same) return it.key();
    }
    return {};
}

void writeProperties(const Json& kept, Json& resources, QStringList& warnings)
{
    for (auto it = kept.begin(); it != kept.end(); ++it) {
        const QString id = toQString(it.key());
        if (!resources.contains(it.key()) || !it->is_object()) {
            QStringList names;
            if (it->is_object())
                for (auto p = it->begin(); p != it->end(); ++p) names << toQString(p.key());
            warnings << QStringLiteral(
                            "unmapped properties of %1 (%2): the diagram exports no such resource any "
                            "more; not written")
                            .arg(id, names.join(QStringLiteral(", ")));
            continue;
        }
        Json& properties = resources[it.key()]["Properties"];
        if (properties.is_null()) properties = Json::object();
        QStringList conflicts;
        const bool samFunction = resources[it.key()].value("Type", std::string()) == "AWS::Serverless::Function";
        for (auto p = it->begin(); p != it->end(); ++p) {
            const QString path = QStringLiteral("/Resources/%1/Properties/%2").arg(id, toQString(p.key()));
            if (samFunction && p.key() == "Code") {
                // An AWS::Lambda::Function's code: the SAM function runs the generated handler (CodeUri).
                warnings << QStringLiteral(
                                "unmapped property %1: a SAM function takes CodeUri, the generated "
                                "handler's folder; not written")
                                .arg(path);
                continue;
            }
            if (p.key() == "Events" && p->is_object()) {
                // An event the import kept whole has its Type; the kept keys of a mapped event join the
                // event of that name, when the export still has it.
                Json& events = properties["Events"];
                if (events.is_null()) events = Json::object();
                for (auto e = p->begin(); e != p->end(); ++e) {
                    const std::string same = sameSource(events, e.value());
                    if (events.contains(e.key()))
                        merge(events[e.key()], e.value(), path + QLatin1Char('/') + toQString(e.key()), conflicts);
                    else if (e->contains("Type"))
                        events[e.key()] = e.value();
                    else if (!same.empty())
                        merge(events[same], e.value(), path + QLatin1Char('/') + toQString(e.key()), conflicts);
                    else
                        warnings << QStringLiteral(
                                        "unmapped %1/%2: the diagram exports no event of that name, so "
                                        "its kept settings %3 are not written")
                                        .arg(path, toQString(e.key()), toQString(e->dump()));
                }
                if (events.empty()) properties.erase("Events");
                continue;
            }
            if (!properties.contains(p.key()))
                properties[p.key()] = p.value();
            else
                merge(properties[p.key()], p.value(), path, conflicts);
        }
        warnConflicts(conflicts, QStringLiteral("property"), warnings);
    }
}

}  // namespace

void writeBackUnmapped(const Diagram& diagram, Json& doc, QStringList& warnings)
{
    const auto u = diagram.extra.find("unmapped");
    if (u == diagram.extra.end() || !u->is_object()) return;
    if (const auto s = u->find("sections"); s != u->end() && s->is_object()) writeSections(*s, doc, warnings);
    if (const auto r = u->find("resources"); r != u->end() && r->is_object()) writeResources(*r, doc, warnings);
    if (const auto p = u->find("properties"); p != u->end() && p->is_object())
        writeProperties(*p, doc["Resources"], warnings);
}

}  // namespace ml::exporting
