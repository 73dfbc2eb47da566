package io.imhook.security;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;


/** HTTP/1.1 over a plain socket, for what HTTP clients refuse to send: control characters, chunked floods. */
final class RawHttp {

    private RawHttp() {
    }


    /** A POST with one extra header line (sent byte for byte) and a JSON body; the whole answer as text. */
    static String post(String path, String headerLine, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        String head = "POST " + path + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                + headerLine + "\r\nContent-Length: " + bytes.length + "\r\nConnection: close\r\n\r\n";
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), io.restassured.RestAssured.port)) {
            socket.setSoTimeout(20_000);
            OutputStream out = socket.getOutputStream();
            out.write(head.getBytes(StandardCharsets.ISO_8859_1));
            out.write(bytes);
            out.flush();
            return read(socket.getInputStream());
        }
    }

    /** A chunked JSON POST of {@code size} bytes with no Content-Length; the answer as text. */
    static String postChunked(String path, int size) throws IOException {
        String head = "POST " + path + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                + "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n";
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), io.restassured.RestAssured.port)) {
            socket.setSoTimeout(20_000);
            OutputStream out = socket.getOutputStream();
            out.write(head.getBytes(StandardCharsets.ISO_8859_1));
            byte[] chunk = ("{\"users\":[" + "\"a\",".repeat(16 * 1024 / 4)).getBytes(StandardCharsets.US_ASCII);
            try {
                for (int sent = 0; sent < size; sent += chunk.length) {
                    out.write((Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                    out.write(chunk);
                    out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                }
                out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
            } catch (IOException e) {
                // the server may answer and close before the whole body is sent: read what it said
            }
            return read(socket.getInputStream());
        }
    }

    /**
     * A chunked POST of {@code body} in chunks of {@code chunkSize} bytes, with {@code headerLines} (each ending in
     * CRLF) after the content type; the answer as text.
     */
    static String postChunked(String path, String headerLines, String body, int chunkSize) throws IOException {
        String head = "POST " + path + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                + headerLines + "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n";
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), io.restassured.RestAssured.port)) {
            socket.setSoTimeout(20_000);
            OutputStream out = socket.getOutputStream();
            out.write(head.getBytes(StandardCharsets.ISO_8859_1));
            try {
                for (int at = 0; at < bytes.length; at += chunkSize) {
                    int length = Math.min(chunkSize, bytes.length - at);
                    out.write((Integer.toHexString(length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                    out.write(bytes, at, length);
                    out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                }
                out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
            } catch (IOException e) {
                // the server may answer and close before the whole body is sent: read what it said
            }
            return read(socket.getInputStream());
        }
    }

    /** Sends {@code head} (request line and headers, up to and with the blank line) and nothing else; the answer. */
    static String head(String head) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), io.restassured.RestAssured.port)) {
            socket.setSoTimeout(20_000);
            OutputStream out = socket.getOutputStream();
            out.write(head.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            return read(socket.getInputStream());
        }
    }

    /**
     * Sends {@code head} and the first bytes of a body it declares longer, then stalls; gives how long the server
     * took to close the connection (and what it answered, if anything), waiting at most {@code atMostMillis}.
     */
    static Stalled stall(String head, byte[] partOfBody, int atMostMillis) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), io.restassured.RestAssured.port)) {
            socket.setSoTimeout(atMostMillis);
            OutputStream out = socket.getOutputStream();
            out.write(head.getBytes(StandardCharsets.ISO_8859_1));
            out.write(partOfBody);
            out.flush();
            long start = System.nanoTime();
            String answer;
            try {
                answer = read(socket.getInputStream());
            } catch (java.net.SocketException reset) {
                answer = "";
            }
            return new Stalled((System.nanoTime() - start) / 1_000_000, answer);
        }
    }

    /** A stalled upload: how long until the server closed the connection, and what it sent before. */
    record Stalled(long closedAfterMillis, String answer) {
    }

    /** The body of a raw answer: what follows the blank line after the headers. */
    static String body(String raw) {
        int end = raw.indexOf("\r\n\r\n");
        return end < 0 ? "" : raw.substring(end + 4);
    }

    private static String read(InputStream in) throws IOException {
        return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
    }
}
