import { ApiProperty } from '@nestjs/swagger';

export class PasswordConfirmationDto {
  @ApiProperty({
    type: String,
    nullable: true,
    example: '2026-12-05T01:05:00.000Z',
    description:
      'Until when this session may leave currentPassword out of the calls that ask for it; null: it must send it.',
  })
  confirmedUntil: string | null;

  @ApiProperty({
    example: 280,
    description: 'Seconds left of it by the server’s clock (0 when confirmedUntil is null).',
  })
  secondsLeft: number;
}
