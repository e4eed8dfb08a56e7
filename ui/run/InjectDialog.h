// "Send test message" (Node-RED's inject button) for one entry node, with a form the Catalog's
// InjectForm trait chooses: an HTTP request built from an api-gateway's routes, a message body
// for a queue or topic (with attributes, and a group and deduplication id when it is FIFO), an
// object (key and body) for a bucket, a frame on a websocket connection as a user.
// What it sends goes through EngineRun (journaled), so step back replays it.
#pragma once

#include "engine/EngineRun.h"
#include "model/Catalog.h"

#include <QDialog>

#include <map>

class QComboBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;

namespace ml::ui {

class InjectDialog : public QDialog {
    Q_OBJECT
public:
    InjectDialog(const Node& node, InjectForm form, QWidget* parent = nullptr);

    // Sends what the form says to `run`; the message's id, or an error naming the field.
    // Websocket frames go on a connection opened for the user (kept in `connections`).
    Result<quint64> send(EngineRun& run, std::map<std::pair<int, std::string>, std::string>& connections) const;
    // The request or message the form describes (its JSON), or an error naming the field.
    Result<Json> message() const;
    // Attributes, group id and deduplication id (queues and topics), or an error naming the field.
    Result<InjectExtras> extras() const;
    QString user() const;
    bool isFifo() const { return m_fifo; }

private:
    void onRouteChosen(int index);

    Node m_node;
    InjectForm m_form;
    QComboBox* m_route = nullptr;
    QComboBox* m_method = nullptr;
    QLineEdit* m_path = nullptr;
    QLineEdit* m_key = nullptr;
    QPlainTextEdit* m_body = nullptr;
    QLineEdit* m_user = nullptr;
    QLineEdit* m_attributes = nullptr;
    QLineEdit* m_group = nullptr;
    QLineEdit* m_dedup = nullptr;
    bool m_fifo = false;
    bool m_contentDedup = false;
    QLabel* m_error = nullptr;
};

}  // namespace ml::ui
