// The start page (issue 11 item 9): what the window shows when it starts with nothing to open,
// and from File → Start Page / Help → Start Page. New diagram, Open…, the recent files, and a
// card per sample and per lab — its name, its description's first sentence and a thumbnail
// drawn from the diagram itself. Arrows move between cards, Enter opens one, Escape goes back.
#pragma once

#include <QWidget>

class QLabel;
class QListWidget;
class QListWidgetItem;
class QPushButton;
class QTimer;

namespace ml::ui {

class StartPage : public QWidget {
    Q_OBJECT
public:
    static constexpr int kThumbWidth = 240;
    static constexpr int kThumbHeight = 140;

    explicit StartPage(QWidget* parent = nullptr);

    // Reads each file's name and description now; thumbnails follow, a few per event loop turn.
    void setSamples(const QStringList& sampleFiles, const QStringList& labFiles);
    void setRecentFiles(const QStringList& files);
    // Draws the thumbnails still missing, now (tests, screenshots).
    void finishThumbnails();

    QListWidget* sampleList() const { return m_samples; }
    QListWidget* labList() const { return m_labs; }
    QListWidget* recentList() const { return m_recent; }
    QPushButton* newButton() const { return m_new; }
    QPushButton* openButton() const { return m_open; }

    // "Orders, payments and a DLQ." from a longer description: up to the first ". ", "! " or "? ".
    static QString firstSentence(const QString& text);

signals:
    void sampleChosen(const QString& path);  // a sample or lab card: opens as an untitled copy
    void recentChosen(const QString& path);
    void newRequested();
    void openRequested();
    void closeRequested();  // Escape

protected:
    void keyPressEvent(QKeyEvent* event) override;
    // Down from the samples' last row goes on to the labs, Up from the labs' first row back.
    bool eventFilter(QObject* watched, QEvent* event) override;
    void showEvent(QShowEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;
    void changeEvent(QEvent* event) override;

private:
    QListWidget* makeCardList(const QString& objectName);
    void fill(QListWidget* list, const QStringList& files);
    void drawNextThumbnail();
    void fitLists();
    bool drawThumbnail(QListWidgetItem* item);

    QPushButton* m_new;
    QPushButton* m_open;
    QListWidget* m_recent;
    QLabel* m_recentTitle;
    QListWidget* m_samples;
    QListWidget* m_labs;
    QLabel* m_labsTitle;
    QTimer* m_thumbnails;
};

}  // namespace ml::ui
