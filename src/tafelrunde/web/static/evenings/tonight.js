// Progressive enhancement for the Tonight list: tapping SMS, WhatsApp or e-mail marks the
// row's outcome form with that channel, so the attempt is logged as what it was.
// Without this script every attempt is logged as a call.
document.addEventListener("click", function (event) {
  var link = event.target.closest("a[data-channel]");
  var row = link && link.closest("li");
  var channel = row && row.querySelector("input[name=channel]");
  if (channel) channel.value = link.dataset.channel;
});
