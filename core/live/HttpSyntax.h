// Byte-level rules of HTTP/1.1 syntax shared by the request head (HttpRequestHead.cpp) and the
// body framing (HttpRequestParser.cpp), with the quoting of client bytes in error messages.
#pragma once

#include <QByteArrayView>
#include <QString>

#include <algorithm>
#include <array>
#include <string_view>

namespace ml::httpsyntax {

constexpr std::array<bool, 256> makeTokenTable()
{
    std::array<bool, 256> table{};
    for (int c = '0'; c <= '9'; ++c) table[c] = true;
    for (int c = 'a'; c <= 'z'; ++c) table[c] = true;
    for (int c = 'A'; c <= 'Z'; ++c) table[c] = true;
    for (char c : std::string_view("!#$%&'*+-.^_`|~")) table[static_cast<unsigned char>(c)] = true;
    return table;
}
inline constexpr std::array<bool, 256> kTokenChar = makeTokenTable();

inline bool isControl(char c)
{
    const auto u = static_cast<unsigned char>(c);
    return u < 0x20 || u == 0x7f;
}

inline QByteArrayView trimSpaces(QByteArrayView text)
{
    while (!text.isEmpty() && (text.front() == ' ' || text.front() == '\t')) text = text.sliced(1);
    while (!text.isEmpty() && (text.back() == ' ' || text.back() == '\t')) text.chop(1);
    return text;
}

// Client bytes quoted for an error message: short, printable, never a raw control character.
inline QString quoted(QByteArrayView text)
{
    constexpr qsizetype kMax = 40;
    QString out = QStringLiteral("\"");
    for (qsizetype i = 0; i < std::min(text.size(), kMax); ++i) {
        const auto u = static_cast<unsigned char>(text[i]);
        if (u >= 0x20 && u < 0x7f)
            out += QChar(u);
        else
            out += QStringLiteral("\\x%1").arg(u, 2, 16, QChar('0'));
    }
    if (text.size() > kMax) out += QStringLiteral("...");
    return out + QStringLiteral("\"");
}

}  // namespace ml::httpsyntax
