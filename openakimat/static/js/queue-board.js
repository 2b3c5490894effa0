// The display board: polls the hall's feed every second with the version it shows; the server
// answers 204 when nothing changed, else the new snapshot. A new call is highlighted for a few
// seconds and chimes (Web Audio, no sound file; browsers allow sound only after a tap, hence the
// "Start sound" button). Without this script the page reloads itself every 5 seconds.
(function () {
  "use strict";
  var board = document.getElementById("board");
  if (!board || !window.fetch) return;
  var feed = board.getAttribute("data-feed");
  var version = board.getAttribute("data-version") || "";
  var calling = document.getElementById("board-calling");
  var empty = document.getElementById("board-calling-empty");
  var recent = document.getElementById("board-recent");
  var clock = document.getElementById("board-clock");
  var soundButton = document.getElementById("board-sound");
  var audio = null;
  var seen = {};
  var HIGHLIGHT_MS = 8000;

  Array.prototype.forEach.call(calling.querySelectorAll("tr[data-key]"), function (row) {
    seen[row.getAttribute("data-key")] = true;
  });

  var AudioContext = window.AudioContext || window.webkitAudioContext;
  if (AudioContext && soundButton) {
    soundButton.hidden = false;
    soundButton.addEventListener("click", function () {
      audio = audio || new AudioContext();
      if (audio.resume) audio.resume();
      soundButton.hidden = true;
      chime();
    });
  }

  function chime() {
    if (!audio) return;
    var start = audio.currentTime;
    [660, 880].forEach(function (frequency, i) {
      var oscillator = audio.createOscillator();
      var gain = audio.createGain();
      oscillator.type = "sine";
      oscillator.frequency.value = frequency;
      var at = start + i * 0.35;
      gain.gain.setValueAtTime(0.0001, at);
      gain.gain.exponentialRampToValueAtTime(0.4, at + 0.03);
      gain.gain.exponentialRampToValueAtTime(0.0001, at + 0.6);
      oscillator.connect(gain).connect(audio.destination);
      oscillator.start(at);
      oscillator.stop(at + 0.65);
    });
  }

  function cell(text, className) {
    var td = document.createElement("td");
    td.className = className;
    td.textContent = text;
    return td;
  }

  function render(data) {
    var fresh = false;
    var rows = document.createDocumentFragment();
    data.calling.forEach(function (call) {
      var row = document.createElement("tr");
      row.setAttribute("data-key", call.key);
      row.appendChild(cell(call.ticket, "board-ticket"));
      row.appendChild(cell(String(call.desk), "board-desk"));
      if (!seen[call.key]) {
        fresh = true;
        seen[call.key] = true;
        row.className = "board-new";
        setTimeout(function () { row.className = ""; }, HIGHLIGHT_MS);
      }
      rows.appendChild(row);
    });
    calling.replaceChildren(rows);
    empty.hidden = data.calling.length > 0;
    var items = document.createDocumentFragment();
    data.recent.forEach(function (call) {
      var li = document.createElement("li");
      var ticket = document.createElement("span");
      ticket.className = "board-ticket";
      ticket.textContent = call.ticket;
      var desk = document.createElement("span");
      desk.className = "board-desk";
      desk.textContent = String(call.desk);
      li.appendChild(ticket);
      li.appendChild(document.createTextNode(" → "));
      li.appendChild(desk);
      items.appendChild(li);
    });
    recent.replaceChildren(items);
    if (fresh) chime();
  }

  function poll() {
    fetch(feed + "?v=" + encodeURIComponent(version), { cache: "no-store", credentials: "omit" })
      .then(function (response) {
        if (response.status !== 200) return null;
        return response.json();
      })
      .then(function (data) {
        if (!data) return;
        version = String(data.version);
        render(data);
      })
      .catch(function () {})
      .then(function () { setTimeout(poll, 1000); });
  }

  function tick() {
    var now = new Date();
    var hours = now.toLocaleTimeString(document.documentElement.lang || "kk", {
      hour: "2-digit", minute: "2-digit", hour12: false, timeZone: "Asia/Almaty"
    });
    clock.textContent = hours;
  }

  setInterval(tick, 1000);
  tick();
  setTimeout(poll, 1000);
})();
