// The seams between core's folders, checked on the source text: core/format holds value
// vocabularies (Result, Json, Time, Duration, Cron, filter policies, …) that depend on nothing
// else of ours, so project files (core/project) and the model may use them, never the reverse;
// and the kernel knows time as Micros without the duration parser.
#include <QDir>
#include <QFile>
#include <QRegularExpression>
#include <QtTest>

namespace {

QString coreDir() { return QDir(QStringLiteral(MICROLAB_PROJECTS_DIR "/../core")).absolutePath(); }

// The folders of core (model, engine, live, project, …): an include naming one of them is ours.
QStringList coreFolders() { return QDir(coreDir()).entryList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name); }

struct Include {
    int line;
    QString path;
};

std::vector<Include> includesOf(const QString& file)
{
    QFile f(file);
    if (!f.open(QIODevice::ReadOnly)) return {};
    static const QRegularExpression include(QStringLiteral("^\\s*#\\s*include\\s*[\"<]([^\">]+)[\">]"));
    std::vector<Include> out;
    int line = 0;
    while (!f.atEnd()) {
        ++line;
        const QRegularExpressionMatch m = include.match(QString::fromUtf8(f.readLine()));
        if (m.hasMatch()) out.push_back({line, m.captured(1)});
    }
    return out;
}

}  // namespace

class tst_Layering : public QObject {
    Q_OBJECT

private slots:
    void formatIncludesNothingOfOurs_data()
    {
        QTest::addColumn<QString>("file");
        const QDir dir(coreDir() + QStringLiteral("/format"));
        const QStringList files =
            dir.entryList({QStringLiteral("*.h"), QStringLiteral("*.cpp")}, QDir::Files, QDir::Name);
        // 22 files when this test was written; fewer than 10 means the scan looks in the wrong place.
        QVERIFY2(files.size() >= 10, qPrintable(dir.absolutePath()));
        for (const QString& name : files) QTest::newRow(qPrintable(name)) << dir.absoluteFilePath(name);
    }

    void formatIncludesNothingOfOurs()
    {
        QFETCH(QString, file);
        const QStringList folders = coreFolders();
        QVERIFY(folders.contains(QStringLiteral("model")));
        const std::vector<Include> includes = includesOf(file);
        QVERIFY2(!includes.empty(), qPrintable(file));
        for (const Include& inc : includes) {
            const QString folder = inc.path.section(QLatin1Char('/'), 0, 0);
            const bool ours = inc.path.contains(QLatin1Char('/')) && folders.contains(folder);
            QVERIFY2(!ours || folder == QLatin1String("format"),
                     qPrintable(QStringLiteral("core/format/%1:%2 includes \"%3\"; core/format may include only "
                                               "format/… (move what needs %4/ to core/project or core/%4)")
                                    .arg(QFileInfo(file).fileName())
                                    .arg(inc.line)
                                    .arg(inc.path, folder)));
        }
    }

    void kernelKnowsTimeNotTheDurationParser_data()
    {
        QTest::addColumn<QString>("file");
        for (const char* name : {"engine/Kernel.h", "engine/FutureEventSet.h"})
            QTest::newRow(name) << coreDir() + QLatin1Char('/') + QLatin1String(name);
    }

    void kernelKnowsTimeNotTheDurationParser()
    {
        QFETCH(QString, file);
        const std::vector<Include> includes = includesOf(file);
        QVERIFY2(!includes.empty(), qPrintable(file));
        bool time = false;
        for (const Include& inc : includes) {
            QVERIFY2(inc.path != QLatin1String("format/Duration.h"),
                     qPrintable(QStringLiteral("%1:%2 includes the duration parser; Micros and kTimeMax are in "
                                               "format/Time.h")
                                    .arg(file)
                                    .arg(inc.line)));
            time = time || inc.path == QLatin1String("format/Time.h");
        }
        QVERIFY(time);
    }
};

QTEST_GUILESS_MAIN(tst_Layering)
#include "tst_layering.moc"
