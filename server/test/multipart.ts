/** One file as a multipart/form-data body (part `file`), as the web app's upload sends it. */
export function multipartFile(filename: string, bytes: Buffer, contentType = 'application/octet-stream') {
  const boundary = '----xuanbao' + Math.random().toString(16).slice(2);
  const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: ${contentType}\r\n\r\n`);
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  return { payload: Buffer.concat([head, bytes, tail]), contentType: `multipart/form-data; boundary=${boundary}` };
}
