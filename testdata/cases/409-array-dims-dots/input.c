struct frame {
	u8 row[16];
	u8 grid[4][16];
	u8 cube[2][4][16];
	u16 wide[4][16];
};
