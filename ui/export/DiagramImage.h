// The canvas as an image file: the same scene the editor shows (node cards, icons, edge labels),
// rendered offscreen into SVG or PNG — the whole diagram or a selection, on white or transparent.
// Needs a QApplication (the scene is QtWidgets); `microlab-cli export --format svg|png` makes one.
#pragma once

#include "model/Diagram.h"

#include <QByteArray>

#include <vector>

namespace ml::exporting {

struct ImageOptions {
    std::vector<NodeId> selection;  // empty: the whole diagram; else these nodes and the edges between them
    bool transparent = false;       // else a white background
    double scale = 2.0;             // PNG pixels per scene unit (SVG is vector; its size is the scene's)
};

QByteArray diagramSvg(const Diagram& diagram, const ImageOptions& options = {});
QByteArray diagramPng(const Diagram& diagram, const ImageOptions& options = {});

}  // namespace ml::exporting
