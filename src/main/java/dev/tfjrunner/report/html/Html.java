package dev.tfjrunner.report.html;

import dev.tfjrunner.io.AtomicOutput;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.jsoup.nodes.DataNode;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.DocumentType;
import org.jsoup.nodes.Element;

/**
 * The building blocks of the report pages, on jsoup's DOM so every text is escaped and the
 * output is well-formed: a self-contained page (inline style, no scripts), sections, tables and
 * figures whose images sit beside the page.
 */
final class Html {

  private static final String STYLE = """
      body { font-family: sans-serif; margin: 2em auto; max-width: 1300px; padding: 0 1em; color: #1e1e1e; }
      h1 { font-size: 1.6em; } h2 { border-bottom: 1px solid #ccc; padding-bottom: .2em; margin-top: 1.6em; }
      table { border-collapse: collapse; margin: .5em 0 1em; font-size: .9em; }
      th, td { border: 1px solid #ddd; padding: .25em .6em; text-align: left; vertical-align: top; }
      th { background: #f3f6fa; } td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
      tr.best td { background: #e6f4e6; font-weight: bold; } tr.lr-reduced td:first-child { border-left: 4px solid #d62728; }
      .settings { display: flex; flex-wrap: wrap; gap: 0 2em; } .settings table { min-width: 20em; }
      figure { display: inline-block; margin: .5em 1em 1em 0; vertical-align: top; }
      figure img { max-width: 100%; border: 1px solid #eee; } #curves figure { max-width: 48%; } figcaption { font-size: .9em; color: #555; }
      .scroll { max-height: 40em; overflow-y: auto; display: inline-block; }
      code { background: #f4f4f4; padding: 0 .2em; }
      """;

  private Html() {}

  /** An empty page with {@code title} as its title and first heading. */
  static Document page(String title) {
    Document document = Document.createShell("");
    document.prependChild(new DocumentType("html", "", ""));
    document.head().appendElement("meta").attr("charset", "utf-8");
    document.title(title);
    document.head().appendElement("style").appendChild(new DataNode(STYLE));
    document.body().appendElement("h1").text(title);
    return document;
  }

  /** A {@code <section id=id>} headed {@code title}. */
  static Element section(Document document, String id, String title) {
    Element section = document.body().appendElement("section").id(id);
    section.appendElement("h2").text(title);
    return section;
  }

  /** A table; columns named in {@code numeric} are right-aligned. Returns the {@code <tbody>}. */
  static Element table(Element parent, List<String> header, List<List<String>> rows, List<String> numeric) {
    Element table = parent.appendElement("table");
    Element head = table.appendElement("thead").appendElement("tr");
    for (String column : header) {
      classIf(head.appendElement("th").text(column), "num", numeric.contains(column));
    }
    Element body = table.appendElement("tbody");
    for (List<String> row : rows) {
      Element tr = body.appendElement("tr");
      for (int i = 0; i < row.size(); i++) {
        classIf(tr.appendElement("td").text(row.get(i)), "num", i < header.size() && numeric.contains(header.get(i)));
      }
    }
    return body;
  }

  /** Adds {@code name} to the element's classes when {@code on}. */
  static Element classIf(Element element, String name, boolean on) {
    return on ? element.addClass(name) : element;
  }

  /** An image beside the page, at its natural size unless the page is narrower, with a caption. */
  static void figure(Element parent, String file, String alt, String caption) {
    Element figure = parent.appendElement("figure");
    figure.appendElement("a").attr("href", file).appendElement("img").attr("src", file).attr("alt", alt);
    figure.appendElement("figcaption").text(caption);
  }

  /** Writes {@code document} to {@code file} atomically. */
  static void write(Document document, Path file) throws IOException {
    String html = document.outerHtml();
    AtomicOutput.writeFile(file, temporary -> Files.writeString(temporary, html, StandardCharsets.UTF_8));
  }
}
