// The import unit's test class and what its two files share: the templates in tests/import/data,
// helpers that read the imported diagram, and configs compared as JSON values. Realistic
// templates (tst_import.cpp); short tags, hostile input and setting errors (ImportHostile.cpp).
#pragma once

#include "import/TemplateImport.h"
#include "model/Diagram.h"

#include <QtTest>

// Configs compare as JSON values: key order is the file's business, not the test's.
namespace QTest {
inline bool qCompare(const ml::Json& a, const ml::Json& b, const char* actual, const char* expected, const char* file,
                     int line)
{
    return qCompare(QString::fromStdString(nlohmann::json::parse(a.dump()).dump()),
                    QString::fromStdString(nlohmann::json::parse(b.dump()).dump()), actual, expected, file, line);
}
}  // namespace QTest

namespace importkit {

using namespace ml;

inline QString dataFile(const char* name)
{
    return QStringLiteral(MICROLAB_TEST_DATA_DIR "/") + QString::fromLatin1(name);
}

inline cfn::ImportedTemplate importOk(const char* name)
{
    Result<cfn::ImportedTemplate> r = cfn::importTemplateFile(dataFile(name));
    if (!r.ok()) qWarning("%s", qPrintable(r.error().toString()));
    return r.ok() ? std::move(r).value() : cfn::ImportedTemplate{};
}

inline QString nodesOf(const Diagram& d)
{
    QStringList out;
    for (const Node& n : d.nodes()) out << n.id.value + QLatin1Char(':') + n.kind;
    out.sort();
    return out.join(QLatin1Char(' '));
}

inline QString edgesOf(const Diagram& d)
{
    QStringList out;
    for (const Edge& e : d.edges()) out << e.from.value + QStringLiteral(">") + e.to.value + QLatin1Char(':') + e.kind;
    out.sort();
    return out.join(QLatin1Char(' '));
}

inline const Edge* edge(const Diagram& d, const char* from, const char* to)
{
    for (const Edge& e : d.edges())
        if (e.from.value == QLatin1String(from) && e.to.value == QLatin1String(to)) return &e;
    return nullptr;
}

inline Json cfg(const Diagram& d, const char* node)
{
    return d.node(NodeId(node)) ? d.node(NodeId(node))->config : Json();
}

inline bool mentions(const std::vector<cfn::ImportNote>& notes, const QString& path, const QString& text, bool warning)
{
    for (const cfn::ImportNote& n : notes)
        if (n.isWarning() == warning && n.path == path && n.message.contains(text)) return true;
    return false;
}

inline Error importError(const QByteArray& text)
{
    Result<cfn::ImportedTemplate> r = cfn::importTemplate(text, QStringLiteral("t.yaml"));
    return r.ok() ? Error{QStringLiteral("(imported)"), {}, {}, 0, 0} : r.error();
}

}  // namespace importkit

class TestImport : public QObject {
    Q_OBJECT
private slots:
    void templates_data();
    void templates();
    void sqsLambdaDlqSettings();
    void snsFanOutFilterPolicies();
    void apiDynamoDbStream();
    void s3LambdaDestinationAndSchedule();
    void webSocketRoutes();
    void fifoPairSharingDlq();
    void unmappedKeptAndReported();
    void plainCloudFormationRestApi();
    void savedAndLoadedAgain();
    void yamlShortTags_data();
    void yamlShortTags();
    void hostileInput_data();
    void hostileInput();
    void mutatedTemplatesNeverCrash();
    void settingErrorsNameThePath_data();
    void settingErrorsNameThePath();
    void cliImport();
};
