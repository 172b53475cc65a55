#pragma once

#include <QByteArrayView>
#include <QtGlobal>

#include <cstdlib>
#include <cstring>
#include <new>

namespace SseScope {

// memcpy for the short copies the parser makes all the time (ids, types): overlapping word moves
// instead of a call.
inline void copyBytes(char *to, const char *from, qsizetype n)
{
    if (n > 16) {
        std::memcpy(to, from, size_t(n));
    } else if (n >= 8) {
        quint64 a;
        quint64 b;
        std::memcpy(&a, from, 8);
        std::memcpy(&b, from + n - 8, 8);
        std::memcpy(to, &a, 8);
        std::memcpy(to + n - 8, &b, 8);
    } else if (n >= 4) {
        quint32 a;
        quint32 b;
        std::memcpy(&a, from, 4);
        std::memcpy(&b, from + n - 4, 4);
        std::memcpy(to, &a, 4);
        std::memcpy(to + n - 4, &b, 4);
    } else {
        for (qsizetype i = 0; i < n; ++i) {
            to[i] = from[i];
        }
    }
}

// A growable byte buffer whose assign/append are inline: the parser rewrites its buffers on every
// event, where QByteArray's out-of-line resize and std::string's _M_replace showed up in profiles.
// Internal to lib/sse.
class ByteBuffer final
{
public:
    ByteBuffer() = default;
    ~ByteBuffer() { std::free(m_data); }
    ByteBuffer(const ByteBuffer &) = delete;
    ByteBuffer &operator=(const ByteBuffer &) = delete;

    const char *data() const { return m_data; }
    qsizetype size() const { return m_size; }
    qsizetype capacity() const { return m_capacity; }
    bool isEmpty() const { return m_size == 0; }
    QByteArrayView view() const { return QByteArrayView(m_data, m_size); }

    void clear() { m_size = 0; }
    void assign(QByteArrayView bytes)
    {
        m_size = 0;
        append(bytes);
    }
    void append(QByteArrayView bytes)
    {
        const qsizetype n = bytes.size();
        if (m_size + n > m_capacity) {
            grow(m_size + n);
        }
        copyBytes(m_data + m_size, bytes.data(), n);
        m_size += n;
    }
    void append(char c)
    {
        if (m_size + 1 > m_capacity) {
            grow(m_size + 1);
        }
        m_data[m_size++] = c;
    }
    // Frees the memory when it is above keepCapacity, else only empties the buffer.
    void clearAndTrim(qsizetype keepCapacity)
    {
        m_size = 0;
        if (m_capacity > keepCapacity) {
            std::free(m_data);
            m_data = nullptr;
            m_capacity = 0;
        }
    }

private:
    void grow(qsizetype needed)
    {
        qsizetype capacity = qMax<qsizetype>(64, m_capacity * 2);
        if (capacity < needed) {
            capacity = needed;
        }
        auto *data = static_cast<char *>(std::realloc(m_data, size_t(capacity)));
        if (!data) {
            throw std::bad_alloc();
        }
        m_data = data;
        m_capacity = capacity;
    }

    char *m_data = nullptr;
    qsizetype m_size = 0;
    qsizetype m_capacity = 0;
};

} // namespace SseScope
