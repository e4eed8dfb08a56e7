// Images and the Export dialog: the canvas renders offscreen to well-formed SVG and to a PNG that
// decodes, whole or a selection, on white or transparent, at a scale; `microlab-cli export --format
// svg|png` writes the same without a display; File → Export…'s preview shows each text format's
// exact export and Copy puts it on the clipboard.
#include "../../enginekit/EngineKit.h"
#include "../../export/ExportKit.h"
#include "export/DiagramImage.h"
#include "export/ExportDialog.h"
#include "export/SamTemplate.h"
#include "export/TemplateText.h"

#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QImage>
#include <QPlainTextEdit>
#include <QTemporaryDir>
#include <QXmlStreamReader>

using namespace ml;
using namespace ml::exporting;
using namespace exportkit;

namespace {

QString sample(const char* name)
{
    return QDir(QStringLiteral(MICROLAB_PROJECTS_DIR)).filePath(QString::fromLatin1(name));
}

// Reads the whole document; returns the error text, empty when well-formed.
QString xmlError(const QByteArray& bytes, QString* root)
{
    QXmlStreamReader xml(bytes);
    while (!xml.atEnd()) {
        xml.readNext();
        if (xml.isStartElement() && root->isEmpty()) *root = xml.name().toString();
    }
    return xml.hasError() ? xml.errorString() : QString();
}

}  // namespace

class TestExportImage : public QObject {
    Q_OBJECT

private slots:
    void svgIsWellFormed_data();
    void svgIsWellFormed();
    void pngDecodes();
    void selectionIsSmaller();
    void cliWritesImages_data();
    void cliWritesImages();
    void dialogPreviewsTextFormats();
};

void TestExportImage::svgIsWellFormed_data()
{
    QTest::addColumn<QString>("file");
    for (const QString& f : samples()) QTest::newRow(qPrintable(QFileInfo(f).fileName())) << f;
}

void TestExportImage::svgIsWellFormed()
{
    QFETCH(QString, file);
    const QByteArray svg = diagramSvg(load(file));
    QString root;
    const QString error = xmlError(svg, &root);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QCOMPARE(root, QStringLiteral("svg"));
}

void TestExportImage::pngDecodes()
{
    const Diagram d = load(sample("image-pipeline.mlab.json"));
    ImageOptions white;
    white.scale = 1.0;
    const QImage one = QImage::fromData(diagramPng(d, white), "PNG");
    QVERIFY(!one.isNull());
    QCOMPARE(one.pixelColor(0, 0), QColor(Qt::white));
    ImageOptions clear;
    clear.scale = 2.0;
    clear.transparent = true;
    const QImage two = QImage::fromData(diagramPng(d, clear), "PNG");
    QVERIFY(!two.isNull());
    // Scale 2 doubles both sides (±1 px of rounding); the corner (margin) is fully transparent.
    QVERIFY(qAbs(two.width() - 2 * one.width()) <= 1);
    QVERIFY(qAbs(two.height() - 2 * one.height()) <= 1);
    QCOMPARE(two.pixelColor(0, 0).alpha(), 0);
}

void TestExportImage::selectionIsSmaller()
{
    const Diagram d = load(sample("reference-architecture.mlab.json"));
    ImageOptions whole;
    whole.scale = 1.0;
    ImageOptions some = whole;
    some.selection = {NodeId(QStringLiteral("jobs")), NodeId(QStringLiteral("jobs-dlq"))};
    const QImage all = QImage::fromData(diagramPng(d, whole), "PNG");
    const QImage part = QImage::fromData(diagramPng(d, some), "PNG");
    QVERIFY(!all.isNull() && !part.isNull());
    QVERIFY(part.width() * part.height() < all.width() * all.height());
}

void TestExportImage::cliWritesImages_data()
{
    QTest::addColumn<QString>("format");
    QTest::newRow("svg") << "svg";
    QTest::newRow("png") << "png";
}

void TestExportImage::cliWritesImages()
{
    QFETCH(QString, format);
    QTemporaryDir dir;
    const QString out = dir.filePath(QStringLiteral("diagram.") + format);
    const kit::Ran ran = kit::runProgram(QStringLiteral(MICROLAB_CLI_PATH),
                                         {QStringLiteral("export"), sample("crud-api.mlab.json"),
                                          QStringLiteral("--format"), format, QStringLiteral("-o"), out});
    QVERIFY2(ran.exitCode == 0, qPrintable(ran.err));
    const QByteArray bytes = readAll(out);
    if (format == QLatin1String("svg")) {
        QString root;
        QVERIFY(xmlError(bytes, &root).isEmpty());
        QCOMPARE(root, QStringLiteral("svg"));
    } else {
        QVERIFY(!QImage::fromData(bytes, "PNG").isNull());
    }
}

void TestExportImage::dialogPreviewsTextFormats()
{
    const Diagram d = load(sample("image-pipeline.mlab.json"));
    ui::ExportDialog dialog(d);
    auto* formats = dialog.findChild<QComboBox*>(QStringLiteral("exportFormat"));
    auto* preview = dialog.findChild<QPlainTextEdit*>(QStringLiteral("exportPreview"));
    QVERIFY(formats && preview);
    formats->setCurrentIndex(formats->findData(QStringLiteral("sam")));
    QCOMPARE(preview->toPlainText().toUtf8(), templateYaml(samTemplate(d)->document));
    formats->setCurrentIndex(formats->findData(QStringLiteral("mermaid")));
    QVERIFY(preview->toPlainText().contains(QStringLiteral("flowchart LR")));
    dialog.copyToClipboard();
    QCOMPARE(QApplication::clipboard()->text(), preview->toPlainText());
}

QTEST_MAIN(TestExportImage)
#include "tst_exportimage.moc"
