/** Raw mails for the mailbox tests: plain, HTML with scripts, attachments good and bad, broken MIME. */
import { PNG_BYTES } from './public-form-support.ts'

export function plainMail(
  n: number,
  extra: { subject?: string; inReplyTo?: string; from?: string } = {},
): string {
  return [
    `From: ${extra.from ?? `Vatandas ${n} <vatandas${n}@example.org>`}`,
    'To: bilgi@karsiyaka.bel.tr',
    `Subject: ${extra.subject ?? `Talep ${n}`}`,
    `Message-ID: <mail-${n}@example.org>`,
    ...(extra.inReplyTo ? [`In-Reply-To: ${extra.inReplyTo}`, `References: ${extra.inReplyTo}`] : []),
    'Date: Mon, 02 Mar 2026 10:00:00 +0300',
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: 8bit',
    '',
    `Merhaba, ${n} numaralı talebim: sokağımızdaki çöp konteyneri taşıyor.`,
    '',
  ].join('\n')
}

export const HTML_WITH_SCRIPT = [
  'From: Kötü Niyet <kotu@example.org>',
  'Subject: =?utf-8?B?SFRNTCBpbGV0aQ==?=',
  'Message-ID: <html-1@example.org>',
  'MIME-Version: 1.0',
  'Content-Type: text/html; charset=utf-8',
  '',
  '<html><head><script>alert("head")</script></head><body><p>Parktaki <b>banklar</b> kırık.</p>',
  '<script>document.location="http://kotu.example"</script><img src=x onerror="alert(1)"></body></html>',
  '',
].join('\n')

function base64Lines(bytes: Buffer): string {
  return (bytes.toString('base64').match(/.{1,76}/g) ?? []).join('\n')
}

export function mailWithAttachments(): string {
  const boundary = 'sinir-123'
  const part = (name: string, type: string, bytes: Buffer) =>
    [
      `--${boundary}`,
      `Content-Type: ${type}; name="${name}"`,
      `Content-Disposition: attachment; filename="${name}"`,
      'Content-Transfer-Encoding: base64',
      '',
      base64Lines(bytes),
    ].join('\n')
  return [
    'From: Ekli <ekli@example.org>',
    'Subject: Fotoğraflı şikâyet',
    'Message-ID: <ekli-1@example.org>',
    'MIME-Version: 1.0',
    `Content-Type: multipart/mixed; boundary="${boundary}"`,
    '',
    `--${boundary}`,
    'Content-Type: text/plain; charset=utf-8',
    '',
    'Fotoğraflar ektedir.',
    part('foto.png', 'image/png', PNG_BYTES),
    part('program.exe', 'image/png', Buffer.from('MZ\x90\x00 not an image')),
    part(
      'buyuk.pdf',
      'application/pdf',
      Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(5 * 1024 * 1024 + 10)]),
    ),
    `--${boundary}--`,
    '',
  ].join('\n')
}

export const BROKEN_MIME = [
  'From: Bozuk <bozuk@example.org>',
  'Subject: Bozuk ileti',
  'Message-ID: <bozuk-1@example.org>',
  'MIME-Version: 1.0',
  'Content-Type: multipart/mixed; boundary="yok"',
  'Content-Transfer-Encoding: base64',
  '',
  '--baska-sinir',
  'Content-Type: text/plain; charset=x-bilinmeyen',
  'Content-Transfer-Encoding: quoted-printable',
  '',
  '=ZZ=\u0000 bozuk içerik =C3',
  '--yok',
  'Content-Type: application/octet-stream',
  '',
  '!!! not base64 !!!',
  '',
].join('\n')
