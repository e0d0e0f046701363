// Setting or deleting process.env.TZ takes effect for Date at once.
const date = new Date("2018-04-14T12:34:56.789Z");
console.log("before any change:", typeof date.toString());
for (const tz of ["Europe/Amsterdam", "Europe/London", "Etc/UTC", "America/New_York"]) {
  process.env.TZ = tz;
  console.log(tz, date.toString().slice(0, 33), date.getHours(), date.getTimezoneOffset());
}
process.env.TZ = "Asia/Tokyo";
console.log("Tokyo", date.getHours());
delete process.env.TZ;
process.env.TZ = "UTC";
console.log("UTC again", date.getHours());
