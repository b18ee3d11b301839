/** Masks personal data for lists (PIPL): enough to recognise, not enough to use. */
export function maskPhone(phone: string | null): string | null {
  if (!phone) return phone;
  // A country code (+86 / 0086) is not part of the number: mask the number itself.
  const digits = phone.replace(/\D/g, '').replace(/^(?:00)?86(?=1\d{10}$)/, '');
  if (digits.length >= 11) return `${digits.slice(0, 3)}****${digits.slice(-4)}`;
  if (digits.length >= 7) return `${digits.slice(0, 2)}***${digits.slice(-2)}`;
  return '****';
}

export function maskEmail(email: string | null): string | null {
  if (!email) return email;
  const [user = '', domain = ''] = email.split('@');
  return `${user.slice(0, 1)}***@${domain}`;
}
