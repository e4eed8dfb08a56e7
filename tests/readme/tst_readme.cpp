// README.md as a newcomer reads it (issue 13): its images exist and are real screenshots (PNG,
// at least 800 × 450), every sample in projects/ is named, and the command line it documents
// covers every microlab-cli command.
#include <QDir>
#include <QFile>
#include <QRegularExpression>
#include <QtEndian>
#include <QtTest>

namespace {

const QString kRoot = QStringLiteral(MICROLAB_PROJECTS_DIR "/..");

QString readme()
{
    QFile f(kRoot + QStringLiteral("/README.md"));
    return f.open(QIODevice::ReadOnly) ? QString::fromUtf8(f.readAll()) : QString();
}

// Width and height from a PNG's IHDR chunk; (0, 0) when the bytes are not a PNG.
QSize pngSize(const QByteArray& bytes)
{
    static const QByteArray signature("\x89PNG\r\n\x1a\n", 8);
    if (!bytes.startsWith(signature) || bytes.size() < 24 || bytes.mid(12, 4) != "IHDR") return {};
    return QSize(int(qFromBigEndian<quint32>(bytes.constData() + 16)),
                 int(qFromBigEndian<quint32>(bytes.constData() + 20)));
}

}  // namespace

class TestReadme : public QObject {
    Q_OBJECT

private slots:
    void imagesExist_data()
    {
        QTest::addColumn<QString>("path");
        const QString text = readme();
        QVERIFY(!text.isEmpty());
        int images = 0;
        const QRegularExpression image(QStringLiteral(R"(!\[[^\]]*\]\(([^)\s]+)\))"));
        for (const QRegularExpressionMatch& m : image.globalMatch(text)) {
            QTest::newRow(qPrintable(m.captured(1))) << m.captured(1);
            ++images;
        }
        // The designer and a live run with the panels.
        QVERIFY2(images >= 2, qPrintable(QString::number(images)));
    }

    void imagesExist()
    {
        QFETCH(QString, path);
        QVERIFY2(path.startsWith(QLatin1String("docs/")), qPrintable(path));  // committed, not linked
        QFile f(kRoot + QLatin1Char('/') + path);
        QVERIFY2(f.open(QIODevice::ReadOnly), qPrintable(path));
        const QSize size = pngSize(f.read(64));
        QVERIFY2(size.width() >= 800 && size.height() >= 450,
                 qPrintable(QStringLiteral("%1: %2 × %3").arg(path).arg(size.width()).arg(size.height())));
    }

    void namesEverySample()
    {
        const QString text = readme();
        const QDir dir(QStringLiteral(MICROLAB_PROJECTS_DIR));
        for (const QString& f : dir.entryList({QStringLiteral("*.mlab.json")}, QDir::Files, QDir::Name)) {
            const QString name = f.chopped(int(qstrlen(".mlab.json")));
            QVERIFY2(text.contains(QLatin1Char('`') + name + QLatin1Char('`')), qPrintable(name));
        }
    }

    void documentsEveryCommand()
    {
        const QString text = readme();
        for (const char* command :
             {"microlab-cli validate", "microlab-cli run", "--serve", "--at ", "microlab-cli lab",
              "microlab-cli export", "microlab-cli import", "microlab-cli layout", "microlab-cli bench",
              "microlab-cli verify-audit", "--screenshot", "/_microlab/client", "scripts/run", "scripts/test"})
            QVERIFY2(text.contains(QLatin1String(command)), command);
    }
};

QTEST_GUILESS_MAIN(TestReadme)
#include "tst_readme.moc"
