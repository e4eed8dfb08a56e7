#include "export/ExportDialog.h"

#include "export/DiagramText.h"
#include "export/Handlers.h"
#include "export/SamTemplate.h"
#include "export/TemplateText.h"

#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QImage>
#include <QLabel>
#include <QMessageBox>
#include <QMimeData>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSaveFile>
#include <QScrollArea>
#include <QStackedWidget>
#include <QVBoxLayout>

namespace ml::ui {

namespace {

bool isImage(const QString& format) { return format == QLatin1String("svg") || format == QLatin1String("png"); }

bool writeBytes(const QString& path, const QByteArray& bytes)
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    QSaveFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(bytes) == bytes.size() && file.commit();
}

}  // namespace

ExportDialog::ExportDialog(const Diagram& diagram, std::vector<NodeId> selection, QWidget* parent)
    : QDialog(parent), m_diagram(diagram), m_selection(std::move(selection))
{
    setWindowTitle(tr("Export"));
    resize(820, 640);

    m_format = new QComboBox(this);
    m_format->setObjectName(QStringLiteral("exportFormat"));
    m_format->addItem(tr("AWS SAM template (YAML)"), QStringLiteral("sam"));
    m_format->addItem(tr("CloudFormation template (JSON)"), QStringLiteral("cfn"));
    m_format->addItem(tr("Mermaid flowchart"), QStringLiteral("mermaid"));
    m_format->addItem(tr("Graphviz DOT"), QStringLiteral("dot"));
    m_format->addItem(tr("SVG image"), QStringLiteral("svg"));
    m_format->addItem(tr("PNG image"), QStringLiteral("png"));

    m_handlers =
        new QCheckBox(tr("With handlers (Save writes a folder: template.yaml + src/<function>/index.mjs)"), this);
    m_selectionOnly = new QCheckBox(tr("Selection only"), this);
    m_selectionOnly->setEnabled(!m_selection.empty());
    m_transparent = new QCheckBox(tr("Transparent background"), this);
    m_scale = new QDoubleSpinBox(this);
    m_scale->setRange(0.25, 8);
    m_scale->setSingleStep(0.5);
    m_scale->setValue(2);
    m_scale->setPrefix(tr("Scale "));

    m_text = new QPlainTextEdit(this);
    m_text->setObjectName(QStringLiteral("exportPreview"));
    m_text->setReadOnly(true);
    m_text->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_text->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_image = new QLabel(this);
    m_image->setAlignment(Qt::AlignCenter);
    auto* scroll = new QScrollArea(this);
    scroll->setWidget(m_image);
    scroll->setWidgetResizable(true);
    m_pages = new QStackedWidget(this);
    m_pages->addWidget(m_text);
    m_pages->addWidget(scroll);

    m_warnings = new QLabel(this);
    m_warnings->setObjectName(QStringLiteral("exportWarnings"));
    m_warnings->setWordWrap(true);
    m_warnings->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    QPushButton* copy = buttons->addButton(tr("Copy"), QDialogButtonBox::ActionRole);
    QPushButton* saveButton = buttons->addButton(tr("Save…"), QDialogButtonBox::AcceptRole);
    connect(copy, &QPushButton::clicked, this, &ExportDialog::copyToClipboard);
    connect(saveButton, &QPushButton::clicked, this, &ExportDialog::save);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto* options = new QHBoxLayout;
    options->addWidget(m_selectionOnly);
    options->addWidget(m_transparent);
    options->addWidget(m_scale);
    options->addStretch();
    auto* layout = new QVBoxLayout(this);
    auto* top = new QHBoxLayout;
    top->addWidget(new QLabel(tr("Format:"), this));
    top->addWidget(m_format, 1);
    layout->addLayout(top);
    layout->addWidget(m_handlers);
    layout->addLayout(options);
    layout->addWidget(m_pages, 1);
    layout->addWidget(m_warnings);
    layout->addWidget(buttons);

    connect(m_format, &QComboBox::currentIndexChanged, this, &ExportDialog::refresh);
    for (QCheckBox* box : {m_selectionOnly, m_transparent})
        connect(box, &QCheckBox::toggled, this, &ExportDialog::refresh);
    connect(m_scale, &QDoubleSpinBox::valueChanged, this, &ExportDialog::refresh);
    refresh();
}

QString ExportDialog::format() const { return m_format->currentData().toString(); }

QByteArray ExportDialog::currentBytes() const { return m_bytes; }

exporting::ImageOptions ExportDialog::imageOptions() const
{
    exporting::ImageOptions o;
    o.transparent = m_transparent->isChecked();
    o.scale = m_scale->value();
    if (m_selectionOnly->isChecked()) o.selection = m_selection;
    return o;
}

void ExportDialog::refresh()
{
    const QString f = format();
    m_handlers->setVisible(f == QLatin1String("sam"));
    for (QWidget* w : std::initializer_list<QWidget*>{m_selectionOnly, m_transparent, m_scale})
        w->setVisible(isImage(f));
    QStringList warnings;
    if (f == QLatin1String("sam") || f == QLatin1String("cfn")) {
        const auto t = f == QLatin1String("sam") ? exporting::samTemplate(m_diagram)
                                                 : exporting::cloudFormationTemplate(m_diagram);
        if (t) {
            m_bytes =
                f == QLatin1String("sam") ? exporting::templateYaml(t->document) : exporting::templateJson(t->document);
            warnings = t->warnings;
        } else {
            m_bytes.clear();
            warnings << t.error().toString();
        }
    } else if (f == QLatin1String("mermaid")) {
        m_bytes = exporting::mermaidFlowchart(m_diagram);
    } else if (f == QLatin1String("dot")) {
        m_bytes = exporting::graphvizDot(m_diagram);
    } else {
        m_bytes = f == QLatin1String("svg") ? exporting::diagramSvg(m_diagram, imageOptions())
                                            : exporting::diagramPng(m_diagram, imageOptions());
    }
    if (isImage(f)) {
        exporting::ImageOptions preview = imageOptions();
        preview.scale = 1.0;
        m_image->setPixmap(QPixmap::fromImage(QImage::fromData(exporting::diagramPng(m_diagram, preview), "PNG")));
        m_pages->setCurrentIndex(1);
    } else {
        m_text->setPlainText(QString::fromUtf8(m_bytes));
        m_pages->setCurrentIndex(0);
    }
    m_warnings->setText(warnings.isEmpty() ? QString() : tr("Warnings:\n") + warnings.join(QLatin1Char('\n')));
}

void ExportDialog::copyToClipboard()
{
    const QString f = format();
    if (f == QLatin1String("png")) {
        QApplication::clipboard()->setImage(QImage::fromData(m_bytes, "PNG"));
    } else if (f == QLatin1String("svg")) {
        auto* mime = new QMimeData;
        mime->setData(QStringLiteral("image/svg+xml"), m_bytes);
        mime->setText(QString::fromUtf8(m_bytes));
        QApplication::clipboard()->setMimeData(mime);
    } else {
        QApplication::clipboard()->setText(QString::fromUtf8(m_bytes));
    }
}

void ExportDialog::save()
{
    const QString f = format();
    if (f == QLatin1String("sam") && m_handlers->isChecked()) {
        const QString dir = QFileDialog::getExistingDirectory(this, tr("Export SAM application to folder"));
        if (dir.isEmpty()) return;
        bool ok = writeBytes(QDir(dir).filePath(QStringLiteral("template.yaml")), m_bytes);
        for (const exporting::HandlerFile& h : exporting::handlerFiles(m_diagram))
            ok = ok && writeBytes(QDir(dir).filePath(h.path), h.bytes);
        if (!ok) QMessageBox::warning(this, tr("Export"), tr("Could not write to %1").arg(dir));
        return;
    }
    static const QHash<QString, QString> filters = {
        {QStringLiteral("sam"), QStringLiteral("SAM template (*.yaml *.yml)")},
        {QStringLiteral("cfn"), QStringLiteral("CloudFormation template (*.json)")},
        {QStringLiteral("mermaid"), QStringLiteral("Mermaid (*.mmd *.md)")},
        {QStringLiteral("dot"), QStringLiteral("Graphviz (*.dot *.gv)")},
        {QStringLiteral("svg"), QStringLiteral("SVG image (*.svg)")},
        {QStringLiteral("png"), QStringLiteral("PNG image (*.png)")},
    };
    static const QHash<QString, QString> names = {
        {QStringLiteral("sam"), QStringLiteral("template.yaml")},
        {QStringLiteral("cfn"), QStringLiteral("template.json")},
        {QStringLiteral("mermaid"), QStringLiteral("diagram.mmd")},
        {QStringLiteral("dot"), QStringLiteral("diagram.dot")},
        {QStringLiteral("svg"), QStringLiteral("diagram.svg")},
        {QStringLiteral("png"), QStringLiteral("diagram.png")},
    };
    const QString path = QFileDialog::getSaveFileName(this, tr("Export"), names.value(f), filters.value(f));
    if (path.isEmpty()) return;
    if (!writeBytes(path, m_bytes)) QMessageBox::warning(this, tr("Export"), tr("Could not write %1").arg(path));
}

}  // namespace ml::ui
