// The JSON value type used for configs, message bodies and project files.
// ordered_json keeps key order, so load → save is byte-stable.
#pragma once

#include <QString>

#include <nlohmann/json.hpp>

namespace ml {

using Json = nlohmann::ordered_json;

inline QString toQString(const std::string& s) { return QString::fromStdString(s); }
inline std::string toStd(const QString& s) { return s.toStdString(); }

}  // namespace ml
