// Fill latitude/longitude from the browser's geolocation, only when the citizen asks and allows it.
document.addEventListener("DOMContentLoaded", function () {
  var button = document.getElementById("geo-button");
  if (!button || !navigator.geolocation) { if (button) { button.hidden = true; } return; }
  var status = document.getElementById("geo-status");
  button.addEventListener("click", function () {
    status.textContent = button.dataset.waiting;
    navigator.geolocation.getCurrentPosition(function (pos) {
      document.getElementById("id_latitude").value = pos.coords.latitude.toFixed(6);
      document.getElementById("id_longitude").value = pos.coords.longitude.toFixed(6);
      status.textContent = button.dataset.done + " " + pos.coords.latitude.toFixed(5) + ", " + pos.coords.longitude.toFixed(5);
    }, function () { status.textContent = button.dataset.refused; }, { timeout: 10000, maximumAge: 60000 });
  });
});
