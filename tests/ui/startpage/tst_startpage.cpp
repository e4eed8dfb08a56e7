// The start page (issue 11 item 9), offscreen: a card per sample and per lab with the sample's
// name and first sentence, thumbnails drawn from the diagrams (not blank), arrows and Enter
// opening the chosen card, New diagram and Escape going back to the canvas.
#include "../../uikit/UiTestSetup.h"
#include "MainWindow.h"
#include "canvas/DiagramView.h"
#include "project/ProjectFile.h"
#include "start/StartPage.h"
#include "start/Thumbnail.h"

#include <QApplication>
#include <QListWidget>
#include <QPushButton>
#include <QSet>
#include <QTest>

using namespace ml;
using namespace ml::ui;

namespace {

QString nameOf(const QString& file)
{
    const auto loaded = projectfile::load(file);
    return loaded ? loaded->diagram.name : QString();
}

// Distinct colours on a coarse grid: a blank or single-colour image has one.
int colours(const QImage& image)
{
    QSet<QRgb> seen;
    for (int y = 0; y < image.height(); y += 3)
        for (int x = 0; x < image.width(); x += 3) seen.insert(image.pixel(x, y));
    return int(seen.size());
}

// The share of pixels that differ from the top-left one (the background).
double drawnShare(const QImage& image)
{
    const QRgb background = image.pixel(0, 0);
    int drawn = 0;
    for (int y = 0; y < image.height(); ++y)
        for (int x = 0; x < image.width(); ++x) drawn += image.pixel(x, y) != background;
    return double(drawn) / (image.width() * image.height());
}

}  // namespace

class TestStartPage : public QObject {
    Q_OBJECT

private slots:
    void initTestCase()
    {
        test::setUpApplication(true);
        qputenv("MICROLAB_PROJECTS_DIR", MICROLAB_PROJECTS_DIR);
    }

    void firstSentence_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("expected");
        QTest::newRow("two sentences") << "Orders flow through a queue. A DLQ keeps failures."
                                       << "Orders flow through a queue.";
        QTest::newRow("one") << "Nightly report"
                             << "Nightly report";
        // A dot inside a number does not end the sentence: no space follows it.
        QTest::newRow("number") << "Runs version 1.2 of the API. More."
                                << "Runs version 1.2 of the API.";
        QTest::newRow("question") << "Why a DLQ? Because."
                                  << "Why a DLQ?";
        // cron-cleanup's description: the "?" of a schedule, inside parentheses, ends nothing.
        QTest::newRow("schedule") << "A cron rule, cron(0/2 * * * ? *), fires. More."
                                  << "A cron rule, cron(0/2 * * * ? *), fires.";
        QTest::newRow("empty") << ""
                               << "";
    }

    void firstSentence()
    {
        QFETCH(QString, text);
        QFETCH(QString, expected);
        QCOMPARE(StartPage::firstSentence(text), expected);
    }

    void aCardPerSampleAndLab()
    {
        const QStringList samples = MainWindow::exampleFiles();
        const QStringList labs = MainWindow::labFiles();
        QVERIFY(samples.size() >= 13);
        QVERIFY(labs.size() >= 8);
        MainWindow window(false);
        window.showStartPage();
        StartPage* page = window.startPage();
        QVERIFY(page && window.startPageVisible());
        QCOMPARE(page->sampleList()->count(), int(samples.size()));
        QCOMPARE(page->labList()->count(), int(labs.size()));
        for (int i = 0; i < samples.size(); ++i) {
            const QString text = page->sampleList()->item(i)->text();
            // The sample's own name first, then its description's first sentence.
            QVERIFY2(text.startsWith(nameOf(samples[i]) + QLatin1Char('\n')), qPrintable(text));
            // A sentence, whole or cut at a word with " …" when longer than a card holds.
            const QString sentence = text.section(QLatin1Char('\n'), 1);
            QVERIFY2(sentence.endsWith(QLatin1Char('.')) || sentence.endsWith(QStringLiteral(" …")),
                     qPrintable(sentence));
        }
        QVERIFY(page->labList()->item(0)->text().startsWith(nameOf(labs[0])));
    }

    void thumbnailsAreDrawnFromTheDiagrams()
    {
        MainWindow window(false);
        window.showStartPage();
        StartPage* page = window.startPage();
        page->finishThumbnails();
        for (QListWidget* list : {page->sampleList(), page->labList()})
            for (int i = 0; i < list->count(); ++i) {
                const QImage image =
                    list->item(i)->icon().pixmap(QSize(StartPage::kThumbWidth, StartPage::kThumbHeight)).toImage();
                QVERIFY(!image.isNull());
                // Cards in their category colours and edges on the background (a large diagram
                // shrinks to the canvas's far-out look, coloured boxes), covering a fair part.
                const QString what = QStringLiteral("%1: %2 colours, %3 drawn")
                                         .arg(list->item(i)->text().section(QLatin1Char('\n'), 0, 0))
                                         .arg(colours(image))
                                         .arg(drawnShare(image));
                QVERIFY2(colours(image) >= 3 && drawnShare(image) > 0.03, qPrintable(what));
            }
        // The renderer itself: an empty diagram gives the background only.
        QCOMPARE(colours(diagramThumbnail(Diagram(), QSize(120, 70))), 1);
    }

    void arrowsAndEnterOpenTheChosenCard()
    {
        const QStringList samples = MainWindow::exampleFiles();
        MainWindow window(false);
        window.resize(1600, 900);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        window.showStartPage();
        QListWidget* list = window.startPage()->sampleList();
        QTRY_VERIFY(list->hasFocus());
        QCOMPARE(list->currentRow(), 0);
        QTest::keyClick(list, Qt::Key_Right);
        QTest::keyClick(list, Qt::Key_Right);
        QCOMPARE(list->currentRow(), 2);
        QTest::keyClick(list, Qt::Key_Return);
        QVERIFY(!window.startPageVisible());
        QCOMPARE(window.model()->diagram().name, nameOf(samples[2]));
        QVERIFY(window.filePath().isEmpty());  // an untitled copy: Save never overwrites the sample

        // A lab card the same way, from File → Start Page: Down from the samples' last row
        // goes on to the labs, in the same column.
        window.action(QStringLiteral("startPage"))->trigger();
        QVERIFY(window.startPageVisible());
        QListWidget* labs = window.startPage()->labList();
        list->setCurrentRow(list->count() - 1);
        QTest::keyClick(list, Qt::Key_Down);
        QVERIFY(labs->hasFocus());
        QVERIFY(labs->currentRow() >= 0);
        // Up from the labs' first row goes back to the samples, Down returns.
        QTest::keyClick(labs, Qt::Key_Up);
        QVERIFY(list->hasFocus());
        QTest::keyClick(list, Qt::Key_Down);
        QVERIFY(labs->hasFocus());
        QTest::keyClick(labs, Qt::Key_Right);
        const int row = labs->currentRow();
        QVERIFY(row > 0);
        QTest::keyClick(labs, Qt::Key_Enter);
        QVERIFY(!window.startPageVisible());
        QCOMPARE(window.model()->diagram().name, nameOf(MainWindow::labFiles()[row]));
    }

    void newDiagramAndEscapeGoBackToTheCanvas()
    {
        MainWindow window(false);
        window.resize(1280, 800);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        window.openExample(MainWindow::exampleFiles().front());
        window.showStartPage();
        QTest::keyClick(window.startPage()->sampleList(), Qt::Key_Escape);
        QVERIFY(!window.startPageVisible());
        QVERIFY(!window.model()->diagram().nodes().empty());  // Escape changed nothing

        window.showStartPage();
        // The page covers the canvas.
        QCOMPARE(window.startPage()->geometry(), window.view()->rect());
        QTest::mouseClick(window.startPage()->newButton(), Qt::LeftButton);
        QVERIFY(!window.startPageVisible());
        QVERIFY(window.model()->diagram().nodes().empty());
    }
};

QTEST_MAIN(TestStartPage)
#include "tst_startpage.moc"
