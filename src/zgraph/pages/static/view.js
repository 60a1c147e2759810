/* zgraph result view: draws the embedded Bokeh item (window.ZG_VIEW) once the embedded font has loaded (Bokeh
 * measures and draws text on a canvas, so it must not start in a fallback font), then marks the page ready
 * (<html data-zgraph-ready="true">). */
(function () {
  "use strict";
  var face = '12px "zgraph Noto Sans CJK SC"';
  var loaded = document.fonts && document.fonts.load ? document.fonts.load(face) : Promise.resolve();
  loaded.catch(function () { return null; }).then(function () {
    return Bokeh.embed.embed_item(window.ZG_VIEW, "zg-chart");
  }).then(function () {
    window.zgraphReady = true;
    document.documentElement.setAttribute("data-zgraph-ready", "true");
  }, function (e) { console.error("zgraph: the chart could not be drawn: " + e); });
})();
