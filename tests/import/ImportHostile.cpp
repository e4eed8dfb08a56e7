// Importing what is not a clean template: YAML short tags become long-form intrinsics, hostile
// and mutated input is a clear error (never a crash), and bad settings name their path.
#include "ImportTests.h"
#include "engine/Engine.h"
#include "format/Duration.h"
#include "import/TemplateImport.h"
#include "import/TemplateText.h"
#include "layout/Arrange.h"
#include "model/Catalog.h"
#include "model/Lint.h"
#include "project/ProjectFile.h"

#include <QDir>
#include <QProcess>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QtTest>

using namespace ml;
using namespace importkit;

void TestImport::yamlShortTags_data()
{
    QTest::addColumn<QByteArray>("yaml");
    QTest::addColumn<QByteArray>("json");
    QTest::newRow("!Ref") << QByteArray("a: !Ref Queue") << QByteArray(R"({"a": {"Ref": "Queue"}})");
    QTest::newRow("!GetAtt scalar") << QByteArray("a: !GetAtt Queue.Arn")
                                    << QByteArray(R"({"a": {"Fn::GetAtt": ["Queue", "Arn"]}})");
    QTest::newRow("!GetAtt dotted attribute") << QByteArray("a: !GetAtt Db.Endpoint.Address")
                                              << QByteArray(R"({"a": {"Fn::GetAtt": ["Db", "Endpoint.Address"]}})");
    QTest::newRow("!GetAtt list") << QByteArray("a: !GetAtt [Queue, Arn]")
                                  << QByteArray(R"({"a": {"Fn::GetAtt": ["Queue", "Arn"]}})");
    QTest::newRow("!Sub") << QByteArray("a: !Sub 'arn:${AWS::Region}:${Fn.Arn}'")
                          << QByteArray(R"({"a": {"Fn::Sub": "arn:${AWS::Region}:${Fn.Arn}"}})");
    QTest::newRow("!Sub with map") << QByteArray("a: !Sub\n  - '${X}'\n  - X: !Ref Y")
                                   << QByteArray(R"({"a": {"Fn::Sub": ["${X}", {"X": {"Ref": "Y"}}]}})");
    QTest::newRow("!Join nested") << QByteArray("a: !Join ['/', [integrations, !Ref I]]")
                                  << QByteArray(R"({"a": {"Fn::Join": ["/", ["integrations", {"Ref": "I"}]]}})");
    QTest::newRow("!If !Equals !Not !And !Or")
        << QByteArray("a: !If [C, !Not [!Equals [!Ref E, prod]], !And [!Or [true, false], x]]")
        << QByteArray(R"({"a": {"Fn::If": ["C", {"Fn::Not": [{"Fn::Equals": [{"Ref": "E"}, "prod"]}]},
                         {"Fn::And": [{"Fn::Or": [true, false]}, "x"]}]}})");
    QTest::newRow("!Select !Split !GetAZs !Cidr")
        << QByteArray("a: !Select [0, !Split [',', !Base64 x]]\nb: !GetAZs ''\nc: !Cidr [10.0.0.0/16, 4, 8]")
        << QByteArray(R"({"a": {"Fn::Select": [0, {"Fn::Split": [",", {"Fn::Base64": "x"}]}]}, "b": {"Fn::GetAZs": ""},
                         "c": {"Fn::Cidr": ["10.0.0.0/16", 4, 8]}})");
    QTest::newRow("!FindInMap !ImportValue")
        << QByteArray("a: !FindInMap [M, !Ref R, k]\nb: !ImportValue shared-queue")
        << QByteArray(
               R"({"a": {"Fn::FindInMap": ["M", {"Ref": "R"}, "k"]}, "b": {"Fn::ImportValue": "shared-queue"}})");
    QTest::newRow("scalars") << QByteArray("n: 30\nf: 1.5\nt: true\nz: ~\ns: '30'\np: 2010-09-09")
                             << QByteArray(
                                    R"({"n": 30, "f": 1.5, "t": true, "z": null, "s": "30", "p": "2010-09-09"})");
}

void TestImport::yamlShortTags()
{
    QFETCH(QByteArray, yaml);
    QFETCH(QByteArray, json);
    const Result<Json> parsed = cfn::parseTemplateText(yaml);
    QVERIFY2(parsed.ok(), qPrintable(parsed.ok() ? QString() : parsed.error().toString()));
    QCOMPARE(QString::fromStdString(parsed->dump()), QString::fromStdString(Json::parse(json.toStdString()).dump()));
}

void TestImport::hostileInput_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QString>("pointer");
    QTest::addColumn<QString>("message");
    QTest::newRow("a list") << QByteArray("- a\n- b\n") << ""
                            << "expected a template object";
    QTest::newRow("a JSON list") << QByteArray("[1, 2]") << ""
                                 << "expected a template object";
    QTest::newRow("a scalar") << QByteArray("hello") << ""
                              << "expected a template object";
    QTest::newRow("empty") << QByteArray("  \n") << ""
                           << "the template is empty";
    QTest::newRow("bad YAML") << QByteArray("Resources:\n  Q: {Type: [\n") << ""
                              << "";
    QTest::newRow("bad YAML indentation") << QByteArray("Resources:\n  Q:\n    Type: x\n   bad: - [") << ""
                                          << "";
    QTest::newRow("bad JSON") << QByteArray("{\"Resources\": {") << ""
                              << "";
    QTest::newRow("deep flow nesting") << QByteArray(100000, '[') << ""
                                       << "nest";
    QTest::newRow("deep YAML flow nesting") << QByteArray("a: ") + QByteArray(5000, '[') << ""
                                            << "nested deeper";
    QTest::newRow("deep YAML block nesting") << QByteArray("a:\n") + QByteArray(20000, '-').replace("-", "- ") << ""
                                             << "";
    QByteArray indented = "Resources:\n";
    for (int i = 1; i < 400; ++i) indented += QByteArray(i, ' ') + "k" + QByteArray::number(i) + ":\n";
    QTest::newRow("deep YAML indentation") << indented << "*"
                                           << "nested deeper";
    QTest::newRow("billion laughs")
        << QByteArray(
               "a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
               "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
               "e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\nf: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]\n"
               "g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f, *f]\n")
        << "*"
        << "more than";
    QTest::newRow("unknown tag") << QByteArray("Resources:\n  Q:\n    Type: !Bogus x\n") << "/Resources/Q/Type"
                                 << "unknown tag !Bogus";
    QTest::newRow("bad !GetAtt") << QByteArray("Resources:\n  Q:\n    Type: !GetAtt NoDot\n") << "/Resources/Q/Type"
                                 << "Resource.Attribute";
    QTest::newRow("invalid UTF-8") << QByteArray("Resources:\n  Q: \xff\xfe\n") << ""
                                   << "UTF-8";
    QTest::newRow("no Resources") << QByteArray("Description: x\n") << "/Resources"
                                  << "missing";
    QTest::newRow("Resources a list") << QByteArray("Resources: [a]\n") << "/Resources"
                                      << "expected an object";
    QTest::newRow("resource a string") << QByteArray("Resources:\n  Q: queue\n") << "/Resources/Q"
                                       << "expected a resource";
    QTest::newRow("no Type") << QByteArray("Resources:\n  Q: {}\n") << "/Resources/Q/Type"
                             << "expected a resource type";
    QTest::newRow("Properties a list") << QByteArray("Resources:\n  Q: {Type: AWS::SQS::Queue, Properties: [1]}\n")
                                       << "/Resources/Q/Properties"
                                       << "expected an object";
    QTest::newRow("Events a list")
        << QByteArray("Resources:\n  F: {Type: AWS::Serverless::Function, Properties: {Events: [1]}}\n")
        << "/Resources/F/Properties/Events"
        << "expected an object of events";
}

void TestImport::hostileInput()
{
    QFETCH(QByteArray, text);
    QFETCH(QString, pointer);
    QFETCH(QString, message);
    const Error e = importError(text);
    QVERIFY2(e.message != QLatin1String("(imported)"), "imported without an error");
    QCOMPARE(e.file, QStringLiteral("t.yaml"));
    if (pointer != QLatin1String("*")) QCOMPARE(e.pointer, pointer);  // "*": somewhere deep inside
    QVERIFY2(e.message.contains(message), qPrintable(e.toString()));
    QVERIFY(!e.message.isEmpty());
}

void TestImport::mutatedTemplatesNeverCrash()
{
    // Every template of data/, with bytes overwritten, cut short or repeated (fixed seed): each
    // gives a diagram or an error, never a crash or a hang.
    QRandomGenerator random(12);
    int errors = 0, imported = 0;
    for (const QString& name : QDir(QStringLiteral(MICROLAB_TEST_DATA_DIR)).entryList(QDir::Files, QDir::Name)) {
        QFile f(QStringLiteral(MICROLAB_TEST_DATA_DIR "/") + name);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray original = f.readAll();
        static const char pieces[] = "{}[]:-!&*|>'\" \n\t#%@`,?";
        for (int round = 0; round < 150; ++round) {
            QByteArray text = original;
            const int edits = 1 + int(random.bounded(4));
            for (int k = 0; k < edits; ++k) {
                const int at = int(random.bounded(text.size()));
                switch (random.bounded(3)) {
                case 0: text[at] = pieces[random.bounded(int(sizeof pieces) - 1)]; break;
                case 1: text.truncate(at); break;
                default: text.insert(at, text.mid(at, int(random.bounded(40)))); break;
                }
                if (text.isEmpty()) break;
            }
            const Result<cfn::ImportedTemplate> r = cfn::importTemplate(text, name);
            if (r.ok())
                ++imported;
            else {
                ++errors;
                QVERIFY(!r.error().message.isEmpty());
            }
        }
    }
    QVERIFY(errors > 0);
    QVERIFY(imported > 0);
}

void TestImport::settingErrorsNameThePath_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QString>("pointer");
    QTest::newRow("VisibilityTimeout not a number")
        << QByteArray(
               "Resources:\n  Queue:\n    Type: AWS::SQS::Queue\n    Properties:\n      VisibilityTimeout: soon\n")
        << "/Resources/Queue/Properties/VisibilityTimeout";
    QTest::newRow("VisibilityTimeout past 12 h")
        << QByteArray(
               "Resources:\n  Queue:\n    Type: AWS::SQS::Queue\n    Properties:\n      VisibilityTimeout: 50000\n")
        << "/Resources/Queue/Properties/VisibilityTimeout";
    QTest::newRow("maxReceiveCount 0")
        << QByteArray(
               "Resources:\n  D: {Type: AWS::SQS::Queue}\n  Q:\n    Type: AWS::SQS::Queue\n    Properties:\n"
               "      RedrivePolicy: {deadLetterTargetArn: !GetAtt D.Arn, maxReceiveCount: 0}\n")
        << "/Resources/Q/Properties/RedrivePolicy/maxReceiveCount";
    QTest::newRow("Timeout past 900 s")
        << QByteArray("Resources:\n  F: {Type: AWS::Serverless::Function, Properties: {Timeout: 901}}\n")
        << "/Resources/F/Properties/Timeout";
    QTest::newRow("BatchSize 0")
        << QByteArray(
               "Resources:\n  Q: {Type: AWS::SQS::Queue}\n  F:\n    Type: AWS::Serverless::Function\n"
               "    Properties:\n      Events:\n        E: {Type: SQS, Properties: {Queue: !GetAtt Q.Arn, BatchSize: "
               "0}}\n")
        << "/Resources/F/Properties/Events/E/Properties/BatchSize";
    QTest::newRow("StreamViewType unknown") << QByteArray(
                                                   "Resources:\n  T: {Type: AWS::DynamoDB::Table, Properties: "
                                                   "{StreamSpecification: {StreamViewType: ALL}}}\n")
                                            << "/Resources/T/Properties/StreamSpecification/StreamViewType";
}

void TestImport::settingErrorsNameThePath()
{
    QFETCH(QByteArray, text);
    QFETCH(QString, pointer);
    const Error e = importError(text);
    QCOMPARE(e.pointer, pointer);
    QVERIFY(e.toString().startsWith(QStringLiteral("t.yaml:") + pointer));
}
