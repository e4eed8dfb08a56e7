// File → Export…: choose a format (SAM, CloudFormation, Mermaid, Graphviz DOT, SVG, PNG), see the
// text formats exactly as they will be written (and the images as they will look), then Copy or Save.
// The warnings of a template export (what could not be expressed exactly) are shown under the preview.
#pragma once

#include "export/DiagramImage.h"
#include "model/Diagram.h"

#include <QDialog>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QPlainTextEdit;
class QStackedWidget;

namespace ml::ui {

class ExportDialog : public QDialog {
    Q_OBJECT
public:
    // `selection`: the canvas's selected nodes, offered as "selection only" for images.
    explicit ExportDialog(const ml::Diagram& diagram, std::vector<ml::NodeId> selection = {},
                          QWidget* parent = nullptr);

    QString format() const;           // "sam", "cfn", "mermaid", "dot", "svg", "png"
    QByteArray currentBytes() const;  // what Save writes for the current choices

public slots:
    void copyToClipboard();
    void save();

private:
    void refresh();
    ml::exporting::ImageOptions imageOptions() const;

    ml::Diagram m_diagram;
    std::vector<ml::NodeId> m_selection;
    QByteArray m_bytes;
    QComboBox* m_format = nullptr;
    QCheckBox* m_handlers = nullptr;
    QCheckBox* m_selectionOnly = nullptr;
    QCheckBox* m_transparent = nullptr;
    QDoubleSpinBox* m_scale = nullptr;
    QStackedWidget* m_pages = nullptr;
    QPlainTextEdit* m_text = nullptr;
    QLabel* m_image = nullptr;
    QLabel* m_warnings = nullptr;
};

}  // namespace ml::ui
