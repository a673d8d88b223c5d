import { describe, expect, it } from 'vitest';
import { acknowledgement, confirmation, firstName, solvedConfirmation } from './script';

describe('acknowledgement', () => {
  it('greets the caller by name and says when they will hear from us', () => {
    expect(
      acknowledgement({ customerName: 'Olivia Bennett', promise: '5:30 pm today', channel: 'phone' }),
    ).toBe("Thanks, Olivia — I've got this, and you'll hear from us by 5:30 pm today.");
  });

  it('is generic before the caller is known', () => {
    expect(acknowledgement({ customerName: null, promise: '5:30 pm today', channel: 'phone' })).toBe(
      "Thanks for calling — I've got this, and you'll hear from us by 5:30 pm today.",
    );
    expect(acknowledgement({ customerName: null, promise: null, channel: 'email' })).toBe(
      "Thanks for writing in — I've got this, and I'll make sure it's dealt with.",
    );
    expect(acknowledgement({ customerName: null, promise: null, channel: 'walk-in' })).toMatch(
      /^Thanks for coming in — /,
    );
  });

  it('says so when the problem is handled on the call', () => {
    expect(
      acknowledgement({
        customerName: 'Kenji Tanaka',
        promise: '11:00 am tomorrow',
        channel: 'phone',
        realtimeTaken: true,
      }),
    ).toBe(
      "Thanks, Kenji — let's sort this out together now, and if anything is left, you'll hear from us by 11:00 am tomorrow.",
    );
  });
});

describe('confirmation', () => {
  it('reads out the reference and the promise', () => {
    expect(confirmation(1014, '5:30 pm today')).toBe(
      "Your reference is #1014. You'll hear from us by 5:30 pm today.",
    );
  });
});

describe('firstName', () => {
  it('takes the first word', () => {
    expect(firstName("  James O'Connor ")).toBe('James');
    expect(firstName('Cher')).toBe('Cher');
  });
});

describe('a call about an open ticket', () => {
  it('names the ticket it is added to and promises nothing new', () => {
    const line = acknowledgement({ customerName: 'Marcus Lee', promise: '5:30 pm today', channel: 'phone', about: 1014 });
    expect(line).toBe("Thanks, Marcus — I've added this to your ticket #1014, and whoever holds it will see it.");
  });
});

describe('solved on the call', () => {
  it('promises nothing more, on the call or after it', () => {
    expect(acknowledgement({ customerName: 'Olivia Bennett', promise: '5:30 pm today', channel: 'phone', solved: true })).not.toMatch(/hear from us/);
    expect(solvedConfirmation(1014)).toBe("That's sorted. Your reference is #1014, in case you need us again.");
  });
});
