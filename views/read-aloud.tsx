import { raw } from "hono/html";
import type { I18n } from "../src/view-models.js";

/** A speaker, drawn inline so nothing is fetched (decorative: the button's words name it). */
const SPEAKER_SVG =
  '<svg viewBox="0 0 24 24" width="20" height="20" aria-hidden="true" focusable="false"><path fill="currentColor" d="M4 9v6h4l5 4V5L8 9H4zm12.5 3a4.5 4.5 0 0 0-2.5-4v8a4.5 4.5 0 0 0 2.5-4zM14 3.2v2.1a7 7 0 0 1 0 13.4v2.1a9 9 0 0 0 0-17.6z"/></svg>';

/**
 * **Read aloud**, **Pause** and **Stop** for the text of the nearest
 * `[data-speak-scope]` around it: its `[data-speak-text]` parts, spoken by
 * the browser's `speechSynthesis` (offline on Android and iOS) without the
 * `[n]` citation markers. CSS keeps it hidden until the page's script has
 * found a voice (`html.can-speak`), so a browser without one shows nothing.
 */
export function ReadAloud(props: { i18n: I18n }) {
  const { t } = props.i18n;
  return (
    <span class="speak" data-pause={t("speech.pause")} data-resume={t("speech.resume")}>
      <button type="button" class="quiet" data-speak="play">
        {raw(SPEAKER_SVG)} {t("speech.read")}
      </button>
      <button type="button" class="quiet" data-speak="pause" hidden>
        {t("speech.pause")}
      </button>
      <button type="button" class="quiet" data-speak="stop" hidden>
        {t("speech.stop")}
      </button>
    </span>
  );
}

/**
 * The read-aloud part of `/assets/app.js` (see {@link ReadAloud}). One click
 * handler for the whole page, so answers that arrive later over SSE work
 * too. The text is the scope's `[data-speak-text]` parts (only their `<mark>`s
 * where they have some: a cited passage) without citation links, `<sup>` and bracketed numbers; its language is the nearest `lang`
 * (the page's), with a voice of that language when the browser has one; it is
 * spoken a few sentences an utterance, since some engines cut a long one off.
 * Source: Web Speech API, https://webaudio.github.io/web-speech-api/.
 */
export const READ_ALOUD_SCRIPT = `
(function () {
  var d = document;
  var synth = window.speechSynthesis;
  if (!synth || !window.SpeechSynthesisUtterance) return;
  function show() { if (synth.getVoices().length) d.documentElement.classList.add("can-speak"); }
  show();
  if (synth.addEventListener) synth.addEventListener("voiceschanged", show);
  function readable(scope) {
    var out = [];
    scope.querySelectorAll("[data-speak-text]").forEach(function (el) {
      // A reader page that highlights a cited passage speaks the passage, not the whole chapter.
      var marks = el.querySelectorAll("mark");
      if (marks.length) { marks.forEach(function (m) { out.push(m.textContent || ""); }); return; }
      var copy = el.cloneNode(true);
      copy.querySelectorAll("a.cite, sup, .speak").forEach(function (x) { x.remove(); });
      out.push(copy.textContent || "");
    });
    return out.join(". ").replace(/\\[\\d+(?:\\s*[,\\u2013-]\\s*\\d+)*\\]/g, "").replace(/\\s+/g, " ").trim();
  }
  // Some engines stop a long utterance after about 15 s: speak sentences, a few at a time.
  function pieces(text) {
    var sentences = text.match(/[^.!?\u3002\uff01\uff1f\u0964]+[.!?\u3002\uff01\uff1f\u0964]*s*/g) || [text];
    var out = [], cur = "";
    sentences.forEach(function (s) {
      if (cur && (cur + s).length > 220) { out.push(cur.trim()); cur = ""; }
      cur += s;
    });
    if (cur.trim()) out.push(cur.trim());
    return out;
  }
  function state(box, speaking) {
    var pause = box.querySelector("[data-speak=pause]");
    pause.hidden = !speaking;
    pause.textContent = box.getAttribute("data-pause");
    box.querySelector("[data-speak=stop]").hidden = !speaking;
  }
  var current = null;
  d.addEventListener("click", function (e) {
    var btn = e.target && e.target.closest ? e.target.closest("[data-speak]") : null;
    if (!btn) return;
    var box = btn.closest(".speak");
    var act = btn.getAttribute("data-speak");
    if (act === "play") {
      var scope = box.closest("[data-speak-scope]");
      var text = scope ? readable(scope) : "";
      if (!text) return;
      synth.cancel();
      if (current) state(current, false);
      var lang = (scope.closest("[lang]") || d.documentElement).getAttribute("lang") || "";
      var base = lang.split("-")[0].toLowerCase();
      var voice = synth.getVoices().filter(function (v) { return (v.lang || "").toLowerCase().split(/[-_]/)[0] === base; })[0];
      var parts = pieces(text);
      current = box;
      state(box, true);
      parts.forEach(function (part, i) {
        var u = new SpeechSynthesisUtterance(part);
        u.lang = lang;
        if (voice) u.voice = voice;
        if (i === parts.length - 1) u.onend = function () { if (current === box) { state(box, false); current = null; } };
        u.onerror = function () { if (current === box) { state(box, false); current = null; } };
        synth.speak(u);
      });
    } else if (act === "pause") {
      if (synth.paused) { synth.resume(); btn.textContent = box.getAttribute("data-pause"); }
      else { synth.pause(); btn.textContent = box.getAttribute("data-resume"); }
    } else if (act === "stop") {
      synth.cancel();
      state(box, false);
      current = null;
    }
  });
})();
`;
