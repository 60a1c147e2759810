/* zgraph report page: highlight the evidence span named in the URL (#ev-SSSSS-EEEEE, code-point offsets). */
(function () {
  "use strict";
  var box = document.getElementById("zg-text");
  var text = box.textContent;

  function utf16(cp) {
    // Convert a code-point offset to a UTF-16 index (the report may hold characters outside the BMP).
    return Array.from(text).slice(0, cp).join("").length;
  }

  function highlight() {
    var m = /^#ev-(\d+)-(\d+)$/.exec(window.location.hash);
    box.textContent = text;
    var info = document.getElementById("zg-span");
    info.textContent = "";
    if (!m) { return; }
    var start = utf16(parseInt(m[1], 10));
    var end = utf16(parseInt(m[2], 10));
    if (!(start < end && end <= text.length)) { return; }
    var range = document.createRange();
    range.setStart(box.firstChild, start);
    range.setEnd(box.firstChild, end);
    var mark = document.createElement("mark");
    mark.id = "zg-hit";
    range.surroundContents(mark);
    info.textContent = m[1] + "–" + m[2];
    mark.scrollIntoView({ block: "center" });
  }

  window.addEventListener("hashchange", highlight);
  highlight();
}());
